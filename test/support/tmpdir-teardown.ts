import { tmpdirTeardown } from './tmpdir-global';

/** Jest's globalTeardown: see tmpdir-global.ts. */
export default tmpdirTeardown;
