import { tmpdirSetup } from './tmpdir-global';

/** Jest's globalSetup: see tmpdir-global.ts. */
export default tmpdirSetup;
