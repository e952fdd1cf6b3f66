// Asks `c4j serve` for embeddings with the official OpenAI Node client, as any of its users would:
// node openai-embed.mjs BASE_URL MODEL TEXTS.json FORMAT [DIMENSIONS] > vectors.json
// FORMAT float or base64 (the client's default asks for base64 and decodes it itself).
import OpenAI from 'openai';
import { readFileSync } from 'node:fs';

const [baseURL, model, textsFile, format, dimensions] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: 'unused' });
const request = { model, input: JSON.parse(readFileSync(textsFile, 'utf8')) };
if (format === 'float') request.encoding_format = 'float';
if (dimensions) request.dimensions = Number(dimensions);
const response = await client.embeddings.create(request);
process.stdout.write(JSON.stringify({
  vectors: response.data.map((d) => Array.from(d.embedding)),
  model: response.model,
  usage: response.usage,
}));
