/**
 * Passwords in unattend answer files. Windows SIM and hand-written answer files put them in:
 *   <UserAccounts><AdministratorPassword><Value>…</Value><PlainText>true|false</PlainText></AdministratorPassword>
 *   <LocalAccounts><LocalAccount><Password><Value>…</Value><PlainText>…</PlainText></Password>
 *   <AutoLogon><Password><Value>…</Value><PlainText>…</PlainText></Password>
 *   <DomainAccounts>… / <Credentials><Password>plain text</Password> (Microsoft-Windows-UnattendedJoin)
 * PlainText false means base64 of UTF-16LE (password + element name, e.g. "…Password"): an encoding, not
 * encryption, so any value is readable by whoever gets the image. A missing PlainText counts as plain text.
 * Only elements with a non-empty value are reported.
 */

export interface AnswerFilePassword {
  /** "AdministratorPassword", "LocalAccount/Password", "AutoLogon/Password", "Credentials/Password"… */
  element: string;
  plainText: boolean;
}

// Attributes never contain "<": stopping there keeps the scan linear on hostile text full of unclosed tags.
const TAG = /<(\/?)([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)([^<>]*?)(\/?)>/g;

/** Lists the password elements of an answer file (a tolerant tag scan: broken XML still gets checked). */
export function findAnswerFilePasswords(xml: string): AnswerFilePassword[] {
  const text = stripComments(xml);
  const found: AnswerFilePassword[] = [];
  const stack: string[] = [];
  let current: { element: string; depth: number; start: number; plainText?: boolean; value: string } | undefined;
  let valueStart = -1;
  let plainStart = -1;
  for (const m of text.matchAll(TAG)) {
    const [whole, closing, , name, , selfClosing] = m;
    const at = m.index;
    if (closing) {
      if (current && name === 'Value' && valueStart >= 0) current.value = text.slice(valueStart, at).trim();
      if (current && name === 'PlainText' && plainStart >= 0) current.plainText = /^\s*true\s*$/i.test(text.slice(plainStart, at));
      if (current && stack.length === current.depth && stack.at(-1) === name) {
        // <Password>plain</Password> without Value child (UnattendedJoin credentials).
        const value = current.value || text.slice(current.start, at).replace(/<[^>]*>/g, '').trim();
        if (value) found.push({ element: current.element, plainText: current.plainText ?? true });
        current = undefined;
      }
      const i = stack.lastIndexOf(name!);
      if (i >= 0) stack.length = i;
      continue;
    }
    if (selfClosing) continue;
    stack.push(name!);
    if (!current && /Password$/.test(name!)) {
      const parent = stack.at(-2);
      const element = name === 'Password' && parent ? `${parent}/${name}` : name!;
      current = { element, depth: stack.length, start: at + whole.length, value: '' };
    } else if (current && name === 'Value') valueStart = at + whole.length;
    else if (current && name === 'PlainText') plainStart = at + whole.length;
  }
  return found;
}

/** Removes <!-- … --> comments (an unterminated one runs to the end), in one linear pass. */
function stripComments(xml: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const start = xml.indexOf('<!--', at);
    if (start < 0) return out + xml.slice(at);
    out += xml.slice(at, start);
    const end = xml.indexOf('-->', start + 4);
    if (end < 0) return out;
    at = end + 3;
  }
}
