// A modal confirmation built on <dialog>: focus stays inside, Escape cancels, the answer is a promise.
import { el } from './dom.js';

export function confirmDialog({ title, message, confirmLabel, danger = false }) {
  return new Promise((resolve) => {
    const yes = el('button', { type: 'submit', value: 'yes', class: danger ? 'danger' : 'primary' }, confirmLabel);
    const no = el('button', { type: 'submit', value: 'no' }, 'Cancel');
    const dialog = el('dialog', { 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-message' },
      el('form', { method: 'dialog' },
        el('h2', { id: 'confirm-title' }, title),
        el('p', { id: 'confirm-message' }, message),
        el('div', { class: 'toolbar' }, yes, no)));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'yes');
    });
    document.body.append(dialog);
    dialog.showModal();
    yes.focus();
  });
}
