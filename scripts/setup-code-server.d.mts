export declare const CODE_SERVER_VERSION: string;
export declare const CHROMIUM_PATH: string;
export declare function codeServerDir(): string;
export declare function codeServerBin(): string;
export declare function checkPrerequisites(options?: { browser?: boolean }): void;
export declare function ensureCodeServer(options?: { quiet?: boolean; browser?: boolean }): string;
