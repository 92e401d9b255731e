// Counts beside nouns, said the same way by every face: "1 grant", "2,000 grants", "3 batches".
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
