// The comms pages' progressive enhancement: every page works without it (the Preview button, the Refresh link).

const csrfOf = (form) => form.querySelector('input[name="_csrf"]')?.value ?? '';

// The editor's live preview: when the officer stops typing, what they typed is rendered as it will go.
const editor = document.querySelector('#bulletin-form[data-preview-url]');
if (editor) {
  const live = document.querySelector('#preview-live');
  const status = document.querySelector('#preview-status');
  const set = (id, apply) => {
    const el = document.getElementById(id);
    if (el) apply(el);
  };
  let timer;
  let asked = 0;
  const refresh = async () => {
    const mine = ++asked;
    const body = new URLSearchParams(new FormData(editor));
    body.delete('action');
    try {
      const response = await fetch(editor.dataset.previewUrl, {
        method: 'POST', body, credentials: 'same-origin',
        headers: { 'x-csrf-token': csrfOf(editor), accept: 'application/json' },
      });
      if (!response.ok || mine !== asked) return;
      const preview = await response.json();
      if (live) live.hidden = false;
      if (status) status.textContent = 'As it will go, from what you typed.';
      set('preview-error', (el) => { el.hidden = !preview.error; el.textContent = preview.error ?? ''; });
      set('preview-content', (el) => { el.hidden = Boolean(preview.error); });
      if (preview.error) return;
      set('preview-subject', (el) => { el.textContent = preview.subject; });
      set('preview-email', (el) => { el.src = preview.emailUrl; });
      set('preview-sms', (el) => { el.textContent = preview.sms.text; });
      set('preview-sms-count', (el) => {
        const n = preview.sms.fragments;
        el.textContent = `${preview.sms.characters} characters, ${n} text message${n === 1 ? '' : 's'} (${preview.sms.encoding}). Each recipient gets their own unsubscribe link where the dots are.`;
      });
      set('preview-leaflet', (el) => { el.href = preview.leafletUrl; });
      set('preview-poster-item', (el) => { el.hidden = !preview.posterUrl; });
      set('preview-poster', (el) => { el.href = preview.posterUrl ?? '#'; });
      editor.dataset.previewed = String(mine);
    } catch {
      // Offline or signed out: the Preview button still works.
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 600);
  };
  editor.addEventListener('input', later);
  editor.addEventListener('change', later);
  refresh();
}

// The progress bar while a bulletin goes out: asks every few seconds until it has finished.
const progress = document.querySelector('#progress[data-polling="on"]');
if (progress) {
  const bar = progress.querySelector('#progress-bar');
  const poll = async () => {
    try {
      const response = await fetch(progress.dataset.progressUrl, { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (!response.ok) return;
      const { status, progress: p } = await response.json();
      if (!p) return;
      bar.max = Math.max(1, p.recipients);
      bar.value = p.recipients ? p.done : 1;
      bar.textContent = `${p.percent}%`;
      progress.querySelector('#progress-percent').textContent = `${p.percent}%`;
      progress.querySelector('#progress-done').textContent = String(p.done);
      progress.querySelector('#progress-recipients').textContent = String(p.recipients);
      for (const cell of progress.querySelectorAll('[data-count]')) cell.textContent = String(p[cell.dataset.count]);
      if (status !== 'sending') {
        progress.dataset.polling = 'done';
        progress.querySelector('#progress-label').append(' – finished');
        return;
      }
    } catch {
      // A missed poll: the next one tries again.
    }
    setTimeout(poll, 3000);
  };
  setTimeout(poll, 3000);
}
