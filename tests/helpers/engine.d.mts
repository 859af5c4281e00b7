import type { ChildProcess } from 'node:child_process';
export declare const repoRoot: string;
export declare const ferretdbBin: string;
export declare function freePort(): Promise<number>;
export interface Engine { uri: string; port: number; dataDir: string; process: ChildProcess; stop(): Promise<void> }
export declare function startEngine(opts?: { port?: number; dataDir?: string; handler?: 'sqlite' | 'postgresql'; postgresqlUrl?: string; quiet?: boolean }): Promise<Engine>;
