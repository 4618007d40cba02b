// Which section of the user guides each screen links to (content.ts has the
// sections); apart from the guides' text so that the workspace's chunk does
// not carry it.
import { lang } from '../i18n';

/** The help a screen links to: its guide and section, by path. */
export function helpFor(path: string): string {
  const rules: [RegExp, string][] = [
    [/^\/workspace\/signin/, '/help/partners#signin'],
    [/^\/workspace\/queue/, '/help/validators#queue'],
    [/^\/workspace\/feed/, '/help/validators#queue'],
    [/^\/workspace\/practices/, '/help/validators#practices'],
    [/^\/workspace\/consultations/, '/help/validators#consultations'],
    [/^\/workspace\/maisons/, '/help/validators#maisons'],
    [/^\/workspace\/library/, '/help/validators#library'],
    [/^\/workspace\/analysis/, '/help/analysts#analysis'],
    [/^\/workspace\/statistics/, '/help/analysts#statistics'],
    [/^\/workspace\/programming/, '/help/analysts#programming'],
    [/^\/workspace\/scenarios/, '/help/analysts#scenarios'],
    [/^\/workspace\/actions/, '/help/partners#actions'],
    [/^\/workspace\/exchange/, '/help/partners#exchange'],
    [/^\/workspace\/plans/, '/help/partners#plans'],
    [/^\/workspace\/(subscriptions|deliveries)/, '/help/partners#comments'],
    [/^\/workspace\/admin/, '/help/administrators#users'],
    [/^\/workspace\/security/, '/help/administrators#security'],
    [/^\/workspace/, '/help/partners#create'],
  ];
  return rules.find(([re]) => re.test(path))?.[1] ?? '/help';
}

/** `target` ("/help/guide#section") in the page's language. */
export function localHelp(target: string): string {
  if (lang() === 'fr') return target;
  const [path, hash] = target.split('#');
  return `${path}?lang=${lang()}${hash ? `#${hash}` : ''}`;
}
