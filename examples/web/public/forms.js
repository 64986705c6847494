// Small helpers shared by the pages: post JSON, and show errors next to the fields they concern.

/** POSTs (or GETs when body is undefined) JSON and returns { status, data }. */
export async function api(path, body) {
  const init = body === undefined
    ? { method: 'GET' }
    : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(path, init);
  let data = {};
  try {
    data = await res.json();
  } catch {
    data = { ok: false, errors: [{ target: 'form', message: 'The server sent an unexpected answer.' }] };
  }
  return { status: res.status, data };
}

/** Removes every error shown inside `root`. */
export function clearErrors(root) {
  for (const el of root.querySelectorAll('[data-error-for]')) {
    el.textContent = '';
    el.hidden = true;
  }
  for (const input of root.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
}

/**
 * Shows each { target, message } next to its field (an element with data-error-for=target),
 * marks the field invalid and moves focus to the first field in error.
 */
export function showErrors(root, errors) {
  let first = null;
  for (const { target, message } of errors ?? []) {
    const slot = root.querySelector(`[data-error-for="${target}"]`) ?? root.querySelector('[data-error-for="form"]');
    if (!slot) continue;
    slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
    slot.hidden = false;
    const input = root.querySelector(`[name="${target}"]`);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      first ??= input;
    }
  }
  (first ?? root.querySelector('[data-error-for="form"]:not([hidden])'))?.focus();
}

/** A `<button type="button">` with a label, a click handler and an optional class. */
export function button(label, onClick, className = '') {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  if (className) b.className = className;
  b.addEventListener('click', onClick);
  return b;
}
