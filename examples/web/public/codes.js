// New recovery codes, shown once: the list, Copy, and Download as a .txt file. The server keeps only
// their hashes, so once this is closed nobody can show them again.

const fileText = (codes, account) =>
  [`Recovery codes for ${account} (Clarity)`, 'Each code works once. Keep them somewhere safe.', '', ...codes, ''].join('\n');

/**
 * Shows `codes` in `host` for `account`; `filename` like `clarity-recovery-codes-alice.txt`;
 * `first` when they come with Enable (there were no codes before).
 */
export function showCodes(host, codes, { account, filename, first = false }) {
  host.replaceChildren();
  const box = document.createElement('section');
  box.className = 'codes-box';
  box.setAttribute('aria-labelledby', 'codes-title');
  const title = document.createElement('h3');
  title.id = 'codes-title';
  title.textContent = first ? 'Your recovery codes' : 'New recovery codes';
  const note = document.createElement('p');
  note.textContent =
    `These codes are shown only this once. Each one signs ${account} in once without the app` +
    (first ? ', if the phone is lost. ' : '. The previous codes no longer work. ') +
    'Copy or download them now and keep them somewhere safe.';
  const list = document.createElement('ol');
  list.className = 'codes';
  list.setAttribute('aria-label', 'Recovery codes');
  for (const code of codes) {
    const item = document.createElement('li');
    const c = document.createElement('code');
    c.textContent = code;
    item.append(c);
    list.append(item);
  }
  const status = document.createElement('p');
  status.className = 'hint';
  status.setAttribute('role', 'status');
  const copy = document.createElement('button');
  copy.type = 'button';
  copy.textContent = 'Copy codes';
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      status.textContent = 'Copied to the clipboard.';
    } catch {
      getSelection()?.selectAllChildren(list);
      status.textContent = 'The browser did not allow copying: the codes are selected, press Ctrl+C (⌘C).';
    }
  });
  const download = document.createElement('a');
  download.className = 'button';
  download.textContent = 'Download .txt';
  download.download = filename;
  download.href = URL.createObjectURL(new Blob([fileText(codes, account)], { type: 'text/plain' }));
  download.addEventListener('click', () => (status.textContent = `Saved as ${filename}.`));
  const actions = document.createElement('div');
  actions.className = 'actions';
  actions.append(copy, download);
  box.append(title, note, list, actions, status);
  host.append(box);
  copy.focus();
  return { clear: () => (URL.revokeObjectURL(download.href), host.replaceChildren()) };
}
