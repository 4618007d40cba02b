// The page every notification e-mail links to: one click confirms the
// unsubscribe (POST /v1/unsubscribe/{token}; the token in the link is the only
// credential). Mail clients that support RFC 8058 POST the same URL from the
// List-Unsubscribe header without showing this page.
import { h, replace } from './dom';
import { format, lang, setLangFromUrl } from './i18n';
import { pageHeader } from './public-page';

const T = {
  title: { fr: 'Se désabonner', ar: 'إلغاء الاشتراك', en: 'Unsubscribe' },
  lead: {
    fr: 'Vous ne recevrez plus les courriels de cet abonnement Sharaka Atlas. Vos autres abonnements ne changent pas.',
    ar: 'لن تتلقوا بعد الآن رسائل هذا الاشتراك في شراكة أطلس. اشتراكاتكم الأخرى لا تتغير.',
    en: 'You will no longer receive the e-mails of this Sharaka Atlas subscription. Your other subscriptions do not change.',
  },
  confirm: { fr: 'Confirmer le désabonnement', ar: 'تأكيد إلغاء الاشتراك', en: 'Confirm' },
  done: { fr: 'C’est fait : plus de courriels pour « {0} ».', ar: 'تم: لا مزيد من الرسائل بخصوص «{0}».', en: 'Done: no more e-mails about “{0}”.' },
  unknown: {
    fr: 'Ce lien de désabonnement n’est pas (ou plus) valide.',
    ar: 'رابط إلغاء الاشتراك هذا غير صالح (أو لم يعد صالحًا).',
    en: 'This unsubscribe link is not (or no longer) valid.',
  },
  atlas: { fr: 'Sharaka Atlas', ar: 'شراكة أطلس', en: 'Sharaka Atlas' },
};
const tr = (key: keyof typeof T, ...args: string[]): string => format(T[key], args);

function render(): void {
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const status = h('p', { role: 'status' });
  const button = h('button', { type: 'button', class: 'button primary' }, tr('confirm')) as HTMLButtonElement;
  button.addEventListener('click', () => {
    button.disabled = true;
    void fetch(`/v1/unsubscribe/${encodeURIComponent(token)}`, { method: 'POST', headers: { 'Accept-Language': lang() } })
      .then(async (r) => {
        if (!r.ok) { status.textContent = tr('unknown'); return; }
        const body = await r.json() as { kinds?: string[] };
        status.textContent = tr('done', (body.kinds ?? []).join(', '));
      }, () => { status.textContent = tr('unknown'); button.disabled = false; });
  });
  document.title = tr('title');
  replace(document.body, pageHeader(tr('atlas'), render),
    h('main', { id: 'main' }, h('h1', { id: 'page-title' }, tr('title')), h('p', {}, tr('lead')),
      /^[0-9a-f]{32}$/.test(token) ? button : null, status));
}

export function start(): void {
  setLangFromUrl();
  render();
}
