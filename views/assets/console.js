// Progressive enhancement only: every page works without it.
import { initAll } from '/assets/govuk-frontend.min.js';
initAll();

// A live count of SMS length and fragments beside the update box (the server shows the same after submitting).
const box = document.querySelector('[data-sms-count]');
const out = document.querySelector('#sms-count-live');
if (box && out) {
  const gsm = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;
  const update = () => {
    const text = box.value;
    const isGsm = gsm.test(text);
    const ext = isGsm ? (text.match(/[\^{}\\[~\]|€]/g) || []).length : 0;
    const length = text.length + ext;
    const single = isGsm ? 160 : 70;
    const part = isGsm ? 153 : 67;
    const fragments = length === 0 ? 0 : length <= single ? 1 : Math.ceil(length / part);
    out.textContent = `${length} characters, ${fragments} text message${fragments === 1 ? '' : 's'} (${isGsm ? 'GSM-7' : 'Unicode'})`;
  };
  box.addEventListener('input', update);
  update();
}
