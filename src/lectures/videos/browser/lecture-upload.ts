// The console's lecture upload with a progress bar: the same multipart form
// the page posts without script, sent by XMLHttpRequest (fetch cannot report
// upload progress) asking for JSON; on success the browser goes to the new
// lecture's page, a refusal is shown in the page's error summary style.

interface Problem {
  detail?: string;
  errors?: { field: string }[];
}

function setUp(form: HTMLFormElement): void {
  const status = form.querySelector<HTMLElement>('[data-upload-status]');
  const bar = form.querySelector<HTMLProgressElement>('progress');
  const message = form.querySelector<HTMLElement>('[data-upload-message]');
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  if (!status || !bar || !message || !button) return;
  const text = form.dataset;

  const showError = (detail: string, field: string | undefined) => {
    document.querySelector('[data-upload-error]')?.remove();
    const box = document.createElement('div');
    box.className = 'error-summary';
    box.setAttribute('role', 'alert');
    box.tabIndex = -1;
    box.dataset.uploadError = '1';
    const title = document.createElement('h2');
    title.className = 'error-summary-title';
    title.textContent = text.textErrorTitle ?? '';
    const list = document.createElement('ul');
    list.className = 'error-summary-list';
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `#${field ?? 'video'}`;
    link.textContent = detail;
    item.append(link);
    list.append(item);
    box.append(title, list);
    form.before(box);
    box.focus();
  };

  form.addEventListener('submit', (event) => {
    if (typeof FormData === 'undefined') return;
    event.preventDefault();
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('accept', 'application/json');
    status.hidden = false;
    bar.value = 0;
    message.textContent = `${text.textProgress ?? ''} 0%`;
    button.disabled = true;
    xhr.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable) return;
      const percent = Math.floor((e.loaded / e.total) * 100);
      bar.value = percent;
      if (percent >= 100) message.textContent = text.textChecking ?? '';
      else if (percent % 10 === 0) message.textContent = `${text.textProgress ?? ''} ${percent}%`;
    });
    xhr.addEventListener('load', () => {
      button.disabled = false;
      let body: { location?: string } & Problem = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        body = {};
      }
      if (xhr.status === 201 && body.location) {
        window.location.assign(body.location);
        return;
      }
      status.hidden = true;
      showError(body.detail ?? text.textFailed ?? '', body.errors?.[0]?.field);
    });
    xhr.addEventListener('error', () => {
      button.disabled = false;
      status.hidden = true;
      showError(text.textFailed ?? '', 'video');
    });
    xhr.send(new FormData(form));
  });
}

document.querySelectorAll<HTMLFormElement>('form[data-lecture-upload]').forEach(setUp);

export {};
