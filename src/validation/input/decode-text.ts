/**
 * Bytes to text as kubectl reads a manifest file or standard input: a UTF-8 or UTF-16 (LE/BE)
 * byte-order mark picks the encoding and is dropped, anything else is UTF-8
 * (cli-runtime's FileVisitor wraps its reader in `unicode.BOMOverride(unicode.UTF8.NewDecoder())`).
 * Where kubectl would quietly substitute U+FFFD for undecodable bytes, or its YAML parser stop
 * at a control character, this fails closed with the line and column of the first bad byte.
 */

/** Text decoded from bytes, or why it cannot be. */
export type DecodedText =
  | { readonly ok: true; readonly text: string; readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be' }
  | { readonly ok: false; readonly message: string; readonly fix: string; readonly line: number; readonly column: number };

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Decodes `bytes` (a string is taken as already decoded, a leading BOM dropped). */
export function decodeText(bytes: Uint8Array | string): DecodedText {
  if (typeof bytes === 'string') return checkCharacters(bytes.replace(/^\uFEFF/, ''), 'utf-8');
  if (startsWith(bytes, UTF8_BOM)) return decodeUtf8(bytes.subarray(3));
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    try {
      return checkCharacters(new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(2)), encoding);
    } catch {
      return { ok: false, message: `is not ${encoding.toUpperCase()} text, though it starts with that byte-order mark (an odd length or an unpaired surrogate)`, fix: 'save the file again as UTF-8', line: 1, column: 1 };
    }
  }
  return decodeUtf8(bytes);
}

function decodeUtf8(bytes: Uint8Array): DecodedText {
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const { line, column } = positionOfByte(bytes, bad);
    const nul = bytes.indexOf(0) >= 0;
    return {
      ok: false,
      message: nul ? 'is binary, or UTF-16 without a byte-order mark (it holds NUL bytes and is not UTF-8)' : `is not UTF-8 text (byte 0x${bytes[bad].toString(16).padStart(2, '0')} at offset ${bad})`,
      fix: nul ? 'give YAML text; save UTF-16 files with a byte-order mark, or as UTF-8' : 'save the file as UTF-8 (kubectl would replace the byte with U+FFFD and apply what is left)',
      line,
      column,
    };
  }
  return checkCharacters(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), 'utf-8');
}

/**
 * The characters kubectl's YAML reader allows (go-yaml v2 readerc.go: tab, line feed, carriage
 * return, U+0020-U+007E, U+0085, U+00A0-U+D7FF, U+E000-U+FFFD and above U+FFFF; anything else
 * is "control characters are not allowed"): no C0 or C1 control character but those, no DEL.
 */
function checkCharacters(text: string, encoding: 'utf-8' | 'utf-16le' | 'utf-16be'): DecodedText {
  const match = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/.exec(text);
  if (match) {
    const before = text.slice(0, match.index);
    const line = before.split('\n').length;
    const column = match.index - before.lastIndexOf('\n');
    const code = match[0].charCodeAt(0);
    return {
      ok: false,
      message: code === 0 ? 'is binary, or UTF-16 without a byte-order mark (it holds NUL characters)' : `holds the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}, which YAML does not allow`,
      fix: code === 0 ? 'give YAML text; save UTF-16 files with a byte-order mark, or as UTF-8' : 'remove the character (or write it as an escape in a double-quoted string)',
      line,
      column,
    };
  }
  return { ok: true, text, encoding };
}

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    // Lead byte: the sequence length and the range of the first continuation byte (RFC 3629).
    const [length, low, high] = b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf]
      : b === 0xe0 ? [3, 0xa0, 0xbf] : b >= 0xe1 && b <= 0xec ? [3, 0x80, 0xbf]
        : b === 0xed ? [3, 0x80, 0x9f] : b >= 0xee && b <= 0xef ? [3, 0x80, 0xbf]
          : b === 0xf0 ? [4, 0x90, 0xbf] : b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf] : b === 0xf4 ? [4, 0x80, 0x8f] : [0, 0, 0];
    if (length === 0 || i + length > bytes.length || bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (let k = 2; k < length; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
    i += length;
  }
  return -1;
}

function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
