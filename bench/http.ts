export async function runHttpBench(_argv: string[]): Promise<void> { throw new Error("not yet"); }
