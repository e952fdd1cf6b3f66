// Embeds texts with transformers.js from a model directory c4j exported, as a user of that
// library would: node embed.mjs MODEL_DIR TEXTS.json POOLING NORMALIZE > vectors.json
import { env, pipeline } from '@huggingface/transformers';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [dir, textsFile, pooling, normalize] = process.argv.slice(2);
env.allowRemoteModels = false;
env.localModelPath = path.dirname(path.resolve(dir));
const extractor = await pipeline('feature-extraction', path.basename(path.resolve(dir)), { dtype: 'fp32', device: 'cpu' });
const texts = JSON.parse(readFileSync(textsFile, 'utf8'));
const output = await extractor(texts, { pooling, normalize: normalize === 'true' });
process.stdout.write(JSON.stringify(output.tolist()));
