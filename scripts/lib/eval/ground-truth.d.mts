// Types for ground-truth.mjs, so the TypeScript tests can import the loader.
import type { Truth } from './score.mjs';
export function loadGroundTruth(dir: string): Map<string, Truth & { path: string }>;
