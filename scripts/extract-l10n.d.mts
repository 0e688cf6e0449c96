export interface L10nCall { line: number; message?: string; problem?: string }
export declare function extractCalls(text: string): L10nCall[];
export declare function extractMessages(srcDir?: string): { messages: Record<string, string>; problems: string[] };
