/** Types of argon2-memo.mjs: @node-rs/argon2's, and the parent's priming of the demo hash. */
export * from '@node-rs/argon2';
export declare function primeDemoHash(): Promise<string>;
