package org.contrastive4j.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.contrastive4j.InvalidInputException;
import org.contrastive4j.encoder.Safetensors.Tensor;
import org.contrastive4j.io.SafeFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Text models on disk in the sentence-transformers layout, the one format c4j writes and the one
 * sentence-transformers, transformers, Text Embeddings Inference and transformers.js read:
 *
 * <pre>
 *   config.json                      Hugging Face keys (model_type, hidden_size, ...)
 *   model.safetensors                PyTorch names, Linear weights [out][in], {"format": "pt"}
 *   tokenizer.json (+ tokenizer_config.json, special_tokens_map.json, vocab.txt)
 *   modules.json                     Transformer, Pooling, [Dense ...], [Normalize]
 *   1_Pooling/config.json            pooling_mode_cls_token, pooling_mode_mean_tokens, ...
 *   2_Dense/{config.json, model.safetensors}
 *   sentence_bert_config.json        max_seq_length
 *   config_sentence_transformers.json  prompts, default_prompt_name, similarity_fn_name
 *   README.md                        the model card
 * </pre>
 *
 * A Hugging Face directory without modules.json reads as sentence-transformers would read it
 * (mean pooling, no normalisation). Weights may carry a {@code bert.} or {@code roberta.} prefix
 * and be F32, F16 or BF16. Which way a Linear weight is stored is decided by the format, never
 * guessed from its shape: Hugging Face files are [out][in], and a square matrix cannot slip
 * through transposed. Directories written by older c4j versions (a config.json of c4j's own
 * keys, weights [in][out]) still read.
 */
public final class ModelDirectory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRANSFORMER = "sentence_transformers.models.Transformer";
    private static final String POOLING = "sentence_transformers.models.Pooling";
    private static final String DENSE = "sentence_transformers.models.Dense";
    private static final String NORMALIZE = "sentence_transformers.models.Normalize";
    /** Tokenizer files carried from a directory read to one written, besides tokenizer.json. */
    private static final List<String> TOKENIZER_FILES = List.of("tokenizer_config.json", "special_tokens_map.json", "vocab.txt",
            "sentencepiece.bpe.model");
    private static final String[] PREFIXES = {"", "bert.", "roberta.", "model."};

    private ModelDirectory() {}

    /** Reads a model directory (see the class comment); every problem is one InvalidInputException naming the file. */
    public static TextModel read(Path dir) {
        return read(dir, dir.toString());
    }

    /** {@link #read(Path)}, the model named {@code modelName} (a zoo model by its Hub id, not by its cache directory). */
    static TextModel read(Path dir, String modelName) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("no model directory " + dir + ", and no model-zoo model of that name (known: "
                    + String.join(", ", ModelZoo.names()) + "; see c4j models list)");
        }
        if (ImageEncoder.isImageEncoder(dir)) {
            throw new InvalidInputException(dir + " is an image encoder, not a text model: embed images with --images DIR --model " + dir);
        }
        Path top = dir;
        JsonNode modules = Files.isRegularFile(dir.resolve("modules.json")) ? json(dir.resolve("modules.json")) : null;
        Path transformerDir = dir;
        if (modules != null) {
            for (JsonNode m : modules) {
                if (TRANSFORMER.equals(m.path("type").asText()) && !m.path("path").asText().isEmpty()) {
                    transformerDir = inside(dir, m.path("path").asText());
                }
            }
        }
        Path configFile = transformerDir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new InvalidInputException(dir + " is not a model directory: it has no config.json (it holds " + listing(dir)
                    + "). A model directory is a sentence-transformers or Hugging Face directory (config.json, "
                    + "model.safetensors, tokenizer.json), or one c4j saved");
        }
        JsonNode cfg = json(configFile);
        if (cfg.has("vocabSize")) {
            return readOlderC4j(dir, cfg, modelName);
        }
        BertConfig config = huggingFaceConfig(cfg, configFile);
        Path tokenizerFile = require(transformerDir, "tokenizer.json",
                "the fast tokenizer file; save the tokenizer with transformers' save_pretrained to write it");
        List<DenseSpec> denseSpecs = new ArrayList<>();
        boolean normalize = false;
        BertConfig.Pooling pooling = BertConfig.Pooling.MEAN;
        if (modules != null) {
            int index = 0;
            for (JsonNode m : modules) {
                String type = m.path("type").asText();
                Path path = inside(top, m.path("path").asText());
                switch (type) {
                    case TRANSFORMER -> { }
                    case POOLING -> pooling = pooling(path.resolve("config.json"));
                    case DENSE -> denseSpecs.add(new DenseSpec(path));
                    case NORMALIZE -> normalize = true;
                    default -> throw new InvalidInputException(dir.resolve("modules.json") + ": module " + index + " is " + type
                            + ", which contrastive4j does not run (it runs Transformer, Pooling, Dense and Normalize)");
                }
                index++;
            }
        }
        int maxSeq = Math.min(512, config.maxTokens());
        Path stConfig = transformerDir.resolve("sentence_bert_config.json");
        if (Files.isRegularFile(stConfig)) {
            maxSeq = Math.min(json(stConfig).path("max_seq_length").asInt(maxSeq), config.maxTokens());
        }
        config = config.withPooling(pooling).withMaxSequenceLength(maxSeq).withNormalize(normalize);
        Prompts prompts = prompts(top.resolve("config_sentence_transformers.json"));
        Map<String, Tensor> internal = new LinkedHashMap<>();
        Path weightsFile = weightsFile(transformerDir);
        Map<String, Tensor> tensors = Safetensors.read(weightsFile);
        String prefix = prefix(tensors, weightsFile);
        for (String name : BertEncoder.expectedNames(config)) {
            Tensor t = tensors.get(prefix + name);
            if (t == null) {
                throw new InvalidInputException(weightsFile + " lacks the weight '" + prefix + name + "' that config.json's "
                        + config.layers() + "-layer " + config.modelType() + " encoder needs");
            }
            long[] expected = BertEncoder.expectedShape(config, name);
            boolean linear = BertEncoder.isLinearWeight(name);
            long[] onDisk = linear ? new long[] {expected[1], expected[0]} : expected;
            if (!Arrays.equals(t.shape(), onDisk)) {
                throw new InvalidInputException(weightsFile + ": weight '" + prefix + name + "' has shape " + Arrays.toString(t.shape())
                        + ", config.json implies " + Arrays.toString(onDisk) + (linear ? " ([out][in], as PyTorch's nn.Linear)" : ""));
            }
            internal.put(name, linear ? Safetensors.transpose(t) : t);
        }
        byte[] tokenizerJson = bytes(tokenizerFile);
        Map<String, byte[]> extras = new LinkedHashMap<>();
        for (String f : TOKENIZER_FILES) {
            if (Files.isRegularFile(transformerDir.resolve(f))) {
                extras.put(f, bytes(transformerDir.resolve(f)));
            }
        }
        BertEncoder encoder = BertEncoder.of(config, internal, weightsFile.toString());
        try {
            List<DenseLayer> dense = new ArrayList<>();
            long width = config.hidden();
            for (DenseSpec spec : denseSpecs) {
                DenseLayer d = spec.load(encoder.manager(), width);
                dense.add(d);
                width = d.outFeatures();
            }
            return new TextModel(encoder, new TextTokenizer(tokenizerJson, config.maxSequenceLength()), dense, prompts,
                    modelName, extras);
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    /** Hugging Face's config.json keys as a BertConfig (mean pooling, not normalised, 512 tokens until the modules say more). */
    static BertConfig huggingFaceConfig(JsonNode cfg, Path file) {
        String type = cfg.path("model_type").asText("");
        if (type.isEmpty()) {
            throw new InvalidInputException(file + " has no model_type: not a Hugging Face model configuration");
        }
        if (!BertConfig.MODEL_TYPES.contains(type)) {
            throw new InvalidInputException(file + ": model_type '" + type + "' is not supported; contrastive4j runs "
                    + String.join(", ", BertConfig.MODEL_TYPES) + " encoders (MiniLM, BGE, E5 and GTE are bert, multilingual-e5"
                    + " and paraphrase-multilingual models are xlm-roberta)");
        }
        String act = cfg.path("hidden_act").asText("gelu");
        if (!act.equals("gelu")) {
            throw new InvalidInputException(file + ": hidden_act '" + act + "' is not supported (contrastive4j's encoder uses gelu)");
        }
        String positions = cfg.path("position_embedding_type").asText("absolute");
        if (!positions.equals("absolute")) {
            throw new InvalidInputException(file + ": position_embedding_type '" + positions + "' is not supported (absolute only)");
        }
        boolean roberta = !type.equals("bert");
        int vocab = intKey(cfg, "vocab_size", file);
        int hidden = intKey(cfg, "hidden_size", file);
        int layers = intKey(cfg, "num_hidden_layers", file);
        int heads = intKey(cfg, "num_attention_heads", file);
        int intermediate = intKey(cfg, "intermediate_size", file);
        int maxPositions = intKey(cfg, "max_position_embeddings", file);
        try {
            return new BertConfig(vocab, hidden, layers, heads, intermediate, maxPositions, cfg.path("type_vocab_size").asInt(roberta ? 1 : 2),
                    cfg.path("layer_norm_eps").asDouble(1e-12), cfg.path("hidden_dropout_prob").asDouble(0.1),
                    BertConfig.Pooling.MEAN, 512, type, cfg.path("pad_token_id").asInt(roberta ? 1 : 0), false);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + e.getMessage(), e); // the record's bounds name the key, not the file
        }
    }

    private static int intKey(JsonNode cfg, String key, Path file) {
        if (!cfg.path(key).canConvertToInt()) {
            throw new InvalidInputException(file + " lacks the integer '" + key + "'");
        }
        return cfg.path(key).asInt();
    }

    private static BertConfig.Pooling pooling(Path file) {
        JsonNode p = json(file);
        List<BertConfig.Pooling> on = new ArrayList<>();
        for (BertConfig.Pooling mode : BertConfig.Pooling.values()) {
            if (p.path("pooling_mode_" + mode.sentenceTransformersName()).asBoolean(false)) {
                on.add(mode);
            }
        }
        if (p.path("pooling_mode_weightedmean_tokens").asBoolean(false)) {
            throw new InvalidInputException(file + ": weighted-mean pooling is not supported (cls, mean, max, mean-sqrt-len and"
                    + " last-token are)");
        }
        if (!p.path("include_prompt").asBoolean(true)) {
            throw new InvalidInputException(file + ": include_prompt false (pooling that leaves the prompt out) is not supported");
        }
        if (on.size() != 1) {
            throw new InvalidInputException(file + " turns on " + on.size() + " pooling modes " + on
                    + "; contrastive4j pools with exactly one");
        }
        return on.get(0);
    }

    private static Prompts prompts(Path file) {
        if (!Files.isRegularFile(file)) {
            return Prompts.NONE;
        }
        JsonNode c = json(file);
        Map<String, String> byName = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = c.path("prompts").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            byName.put(e.getKey(), e.getValue().asText());
        }
        String def = c.path("default_prompt_name").isTextual() ? c.path("default_prompt_name").asText() : null;
        try {
            return new Prompts(byName, def);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + e.getMessage(), e);
        }
    }

    private static Path weightsFile(Path dir) {
        Path f = dir.resolve("model.safetensors");
        if (Files.isRegularFile(f)) {
            return f;
        }
        if (Files.isRegularFile(dir.resolve("pytorch_model.bin"))) {
            throw new InvalidInputException(dir + " holds its weights as pytorch_model.bin (a Python pickle, which contrastive4j "
                    + "does not execute); convert it once with: python3 -c \"import torch; from safetensors.torch import save_file; "
                    + "save_file(torch.load('pytorch_model.bin'), 'model.safetensors', {'format': 'pt'})\"");
        }
        if (Files.isRegularFile(dir.resolve("model.safetensors.index.json"))) {
            throw new InvalidInputException(dir + " holds sharded weights (model.safetensors.index.json); contrastive4j reads one"
                    + " model.safetensors (the models it runs are small enough for one file)");
        }
        throw new InvalidInputException(dir + " lacks model.safetensors (it holds " + listing(dir) + ")");
    }

    private static String prefix(Map<String, Tensor> tensors, Path file) {
        for (String p : PREFIXES) {
            if (tensors.containsKey(p + "embeddings.word_embeddings.weight")) {
                return p;
            }
        }
        throw new InvalidInputException(file + " has no 'embeddings.word_embeddings.weight' (with or without a bert. or roberta."
                + " prefix), so it is not a BERT-family encoder; it holds " + tensors.keySet().stream().limit(5).toList()
                + (tensors.size() > 5 ? " ..." : ""));
    }

    /** A directory written by c4j before it wrote the sentence-transformers layout: c4j's own config keys, weights [in][out]. */
    private static TextModel readOlderC4j(Path dir, JsonNode c, String name) {
        Path configFile = dir.resolve("config.json");
        Path tokenizerFile = require(dir, "tokenizer.json", "the tokenizer saved beside the weights");
        Path weightsFile = require(dir, "model.safetensors", "the weights");
        BertConfig config;
        try {
            config = new BertConfig(c.path("vocabSize").asInt(), c.path("hidden").asInt(), c.path("layers").asInt(),
                    c.path("heads").asInt(), c.path("intermediate").asInt(), c.path("maxPositions").asInt(),
                    c.path("typeVocabSize").asInt(), c.path("layerNormEps").asDouble(), c.path("dropout").asDouble(),
                    BertConfig.Pooling.valueOf(c.path("pooling").asText("MEAN")), c.path("maxSequenceLength").asInt(), "bert", 0, true);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(configFile + ": " + e.getMessage(), e);
        }
        BertEncoder encoder = BertEncoder.of(config, Safetensors.read(weightsFile), weightsFile.toString());
        try {
            return new TextModel(encoder, new TextTokenizer(bytes(tokenizerFile), config.maxSequenceLength()), List.of(),
                    Prompts.NONE, name, Map.of());
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    /** Writes {@code model} into {@code dir} in the sentence-transformers layout; each file is written whole or not at all. */
    public static void write(TextModel model, Path dir, ModelCard card) throws IOException {
        Files.createDirectories(dir);
        BertConfig c = model.encoder().config();
        writeJson(dir.resolve("config.json"), huggingFaceJson(c));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.encoder().parameters().forEach((name, a) -> {
            Tensor t = new Tensor(a.getShape().getShape(), a.toFloatArray());
            tensors.put(name, BertEncoder.isLinearWeight(name) ? Safetensors.transpose(t) : t);
        });
        Safetensors.write(dir.resolve("model.safetensors"), tensors);
        ArrayNode modules = JSON.createArrayNode();
        module(modules, TRANSFORMER, "");
        module(modules, POOLING, "1_Pooling");
        ObjectNode pooling = JSON.createObjectNode();
        pooling.put("word_embedding_dimension", c.hidden());
        for (BertConfig.Pooling mode : BertConfig.Pooling.values()) {
            pooling.put("pooling_mode_" + mode.sentenceTransformersName(), mode == c.pooling());
            if (mode == BertConfig.Pooling.MEAN_SQRT_LEN) {
                pooling.put("pooling_mode_weightedmean_tokens", false);
            }
        }
        pooling.put("include_prompt", true);
        writeJson(dir.resolve("1_Pooling/config.json"), pooling);
        for (DenseLayer d : model.dense()) {
            String path = modules.size() + "_Dense";
            module(modules, DENSE, path);
            ObjectNode dc = JSON.createObjectNode();
            dc.put("in_features", d.inFeatures());
            dc.put("out_features", d.outFeatures());
            dc.put("bias", d.bias() != null);
            dc.put("activation_function", d.activation().torchName());
            writeJson(dir.resolve(path).resolve("config.json"), dc);
            Map<String, Tensor> w = new LinkedHashMap<>();
            w.put("linear.weight", Safetensors.transpose(new Tensor(d.weight().getShape().getShape(), d.weight().toFloatArray())));
            if (d.bias() != null) {
                w.put("linear.bias", new Tensor(d.bias().getShape().getShape(), d.bias().toFloatArray()));
            }
            Safetensors.write(dir.resolve(path).resolve("model.safetensors"), w);
        }
        if (c.normalize()) {
            String path = modules.size() + "_Normalize";
            module(modules, NORMALIZE, path);
            Files.createDirectories(dir.resolve(path));
        }
        writeJson(dir.resolve("modules.json"), modules);
        ObjectNode st = JSON.createObjectNode();
        st.put("max_seq_length", c.maxSequenceLength());
        st.put("do_lower_case", false);
        writeJson(dir.resolve("sentence_bert_config.json"), st);
        ObjectNode sc = JSON.createObjectNode();
        sc.putObject("__version__").put("contrastive4j", "0.1.0");
        ObjectNode prompts = sc.putObject("prompts");
        model.prompts().byName().forEach(prompts::put);
        sc.put("default_prompt_name", model.prompts().defaultName());
        sc.put("similarity_fn_name", "cosine");
        writeJson(dir.resolve("config_sentence_transformers.json"), sc);
        writeBytes(dir.resolve("tokenizer.json"), model.tokenizer().json());
        Map<String, byte[]> extras = new LinkedHashMap<>(model.tokenizerFiles());
        if (!extras.containsKey("tokenizer_config.json") && c.modelType().equals("bert")) {
            extras.put("tokenizer_config.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(bertTokenizerConfig(c)));
        }
        for (Map.Entry<String, byte[]> e : extras.entrySet()) {
            writeBytes(dir.resolve(e.getKey()), e.getValue());
        }
        writeBytes(dir.resolve("README.md"), card.markdown(c, model.dimension(), model.prompts()).getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode huggingFaceJson(BertConfig c) {
        ObjectNode j = JSON.createObjectNode();
        j.putArray("architectures").add(switch (c.modelType()) {
            case "roberta" -> "RobertaModel";
            case "xlm-roberta" -> "XLMRobertaModel";
            default -> "BertModel";
        });
        j.put("model_type", c.modelType());
        j.put("vocab_size", c.vocabSize());
        j.put("hidden_size", c.hidden());
        j.put("num_hidden_layers", c.layers());
        j.put("num_attention_heads", c.heads());
        j.put("intermediate_size", c.intermediate());
        j.put("hidden_act", "gelu");
        j.put("hidden_dropout_prob", c.dropout());
        j.put("attention_probs_dropout_prob", c.dropout());
        j.put("max_position_embeddings", c.maxPositions());
        j.put("type_vocab_size", c.typeVocabSize());
        j.put("layer_norm_eps", c.layerNormEps());
        j.put("initializer_range", 0.02);
        j.put("pad_token_id", c.padTokenId());
        j.put("position_embedding_type", "absolute");
        j.put("torch_dtype", "float32");
        return j;
    }

    /** What transformers and transformers.js need beside tokenizer.json for BERT's WordPiece tokenizer. */
    private static ObjectNode bertTokenizerConfig(BertConfig c) {
        ObjectNode t = JSON.createObjectNode();
        t.put("tokenizer_class", "BertTokenizer");
        t.put("do_lower_case", true);
        t.put("model_max_length", c.maxSequenceLength());
        t.put("cls_token", "[CLS]");
        t.put("sep_token", "[SEP]");
        t.put("pad_token", "[PAD]");
        t.put("unk_token", "[UNK]");
        t.put("mask_token", "[MASK]");
        t.put("clean_up_tokenization_spaces", true);
        return t;
    }

    private static void module(ArrayNode modules, String type, String path) {
        ObjectNode m = modules.addObject();
        m.put("idx", modules.size() - 1);
        m.put("name", Integer.toString(modules.size() - 1));
        m.put("path", path);
        m.put("type", type);
    }

    /** One Dense module to read: its directory. */
    private record DenseSpec(Path dir) {
        DenseLayer load(NDManager manager, long width) {
            Path configFile = dir.resolve("config.json");
            JsonNode c = json(configFile);
            long in = c.path("in_features").asLong(-1);
            long out = c.path("out_features").asLong(-1);
            if (in != width || out <= 0) {
                throw new InvalidInputException(configFile + ": in_features " + in + " and out_features " + out
                        + " do not follow a layer of width " + width);
            }
            DenseLayer.Activation act = DenseLayer.Activation.of(
                    c.path("activation_function").asText(DenseLayer.Activation.TANH.torchName()), configFile.toString());
            Path weightsFile = weightsFile(dir);
            Map<String, Tensor> w = Safetensors.read(weightsFile);
            Tensor weight = w.get("linear.weight");
            if (weight == null || !Arrays.equals(weight.shape(), new long[] {out, in})) {
                throw new InvalidInputException(weightsFile + ": 'linear.weight' is " + (weight == null ? "missing"
                        : "of shape " + Arrays.toString(weight.shape())) + ", config.json implies [" + out + ", " + in + "]");
            }
            boolean hasBias = c.path("bias").asBoolean(true);
            Tensor bias = w.get("linear.bias");
            if (hasBias && (bias == null || !Arrays.equals(bias.shape(), new long[] {out}))) {
                throw new InvalidInputException(weightsFile + ": 'linear.bias' is missing or not of shape [" + out + "]");
            }
            Tensor t = Safetensors.transpose(weight);
            NDArray wa = manager.create(t.values(), new Shape(t.shape()));
            NDArray ba = hasBias ? manager.create(bias.values(), new Shape(out)) : null;
            return new DenseLayer(wa, ba, act);
        }
    }

    private static Path inside(Path dir, String relative) {
        return SafeFiles.inside(dir, relative, dir.resolve("modules.json") + ": the module path");
    }

    private static Path require(Path dir, String file, String what) {
        Path f = dir.resolve(file);
        if (!Files.isRegularFile(f)) {
            throw new InvalidInputException("model directory " + dir + " lacks " + file + " (" + what + ")");
        }
        return f;
    }

    private static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String listing(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().limit(8).toList();
            return names.isEmpty() ? "nothing" : String.join(", ", names);
        } catch (IOException e) {
            return "unreadable entries";
        }
    }

    private static void writeJson(Path file, JsonNode node) throws IOException {
        SafeFiles.write(file, out -> JSON.writerWithDefaultPrettyPrinter().writeValue(out, node));
    }

    private static void writeBytes(Path file, byte[] bytes) throws IOException {
        SafeFiles.write(file, out -> out.write(bytes));
    }
}
