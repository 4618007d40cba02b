// Good practices: the projects flagged as good practices, each with its
// evaluations on the OECD-DAC criteria as a radar chart (and the scores as a
// table, for screen readers and print), lessons learned and replicability.
import { Chart, Filler, LineElement, PointElement, RadarController, RadialLinearScale, Tooltip } from 'chart.js';
import { h } from '../dom';
import { CRITERIA, criterionName, date, num, pick } from '../i18n';
import * as session from './session';
import { w, type WKey } from './texts';

Chart.register(RadarController, RadialLinearScale, PointElement, LineElement, Filler, Tooltip);

type Shell = (title: string, ...content: (Node | null)[]) => void;
type Link = (path: string, text: string) => HTMLElement;
interface Project { name: string; title?: Record<string, string>; originalLanguage?: string; organisation?: string }
interface Evaluation {
  name: string; scores?: { criterion: string; score: number; narrative?: string }[];
  lessonsLearned?: Record<string, string>; replicability?: string; replicabilityNotes?: Record<string, string>;
  evaluator?: string; evaluationDate?: { year?: number; month?: number; day?: number }; averageScore?: number; demo?: boolean;
}

function radar(e: Evaluation, label: string): HTMLElement {
  const canvas = h('canvas', { role: 'img', 'aria-label': label });
  const score = (c: string) => e.scores?.find((s) => s.criterion === c)?.score ?? 0;
  requestAnimationFrame(() => new Chart(canvas, {
    type: 'radar',
    data: { labels: CRITERIA.map((c) => criterionName(c)), datasets: [{ label, data: CRITERIA.map(score), fill: true,
      backgroundColor: 'rgba(11, 110, 79, .25)', borderColor: '#0b6e4f' }] },
    options: { animation: false, maintainAspectRatio: false, scales: { r: { min: 0, max: 4, ticks: { stepSize: 1 } } } },
  }));
  return h('div', { class: 'ws-radar' }, canvas);
}

export async function practicesPage(shell: Shell, link: Link): Promise<void> {
  shell(w('goodPractices'), h('p', {}, '…'));
  try {
    const r = await session.call<{ projects?: Project[] }>('GET', '/v1/projects?goodPractice=true&pageSize=100');
    const cards = await Promise.all((r.projects ?? []).map(async (p) => {
      const id = p.name.replace(/^projects\//, '');
      const title = pick(p.title, p.originalLanguage);
      const evals = (await session.call<{ evaluations?: Evaluation[] }>('GET', `/v1/${p.name}/evaluations`)
        .catch(() => ({ evaluations: [] }))).evaluations ?? [];
      // Its best score per criterion (and average), for the search by criterion and score.
      const best: Record<string, number> = {};
      for (const e of evals) {
        best[''] = Math.max(best[''] ?? 0, e.averageScore ?? 0);
        for (const s of e.scores ?? []) best[s.criterion] = Math.max(best[s.criterion] ?? 0, s.score);
      }
      return h('article', { class: 'ws-card ws-practice', 'data-project': id, 'data-best': JSON.stringify(best) },
        h('h2', { lang: title.lang }, link(`/workspace/projects/${id}`, title.text || id)),
        evals.length === 0 ? h('p', {}, w('noEvaluation')) : evals.map((e) => h('section', { class: 'ws-evaluation' },
          h('p', { class: 'ws-meta' }, w('evaluatedBy', e.evaluator ?? ''), e.evaluationDate ? ` · ${date(e.evaluationDate)}` : '',
            e.averageScore ? ` · ${num(e.averageScore, 1)} / 4` : '', e.demo ? ` · ${w('demoTag')}` : ''),
          h('div', { class: 'ws-row' },
            radar(e, `${title.text} — ${w('goodPractices')}`),
            h('table', { class: 'ws-table ws-scores' }, h('tbody', {}, CRITERIA.map((c) => {
              const s = e.scores?.find((x) => x.criterion === c);
              return h('tr', { 'data-criterion': c }, h('th', { scope: 'row' }, criterionName(c)), h('td', {}, s ? `${s.score} / 4` : '—'),
                h('td', { dir: 'auto' }, s?.narrative ?? ''));
            })))),
          e.lessonsLearned ? h('div', {}, h('h3', {}, w('lessons')), h('p', { dir: 'auto' }, pick(e.lessonsLearned).text)) : null,
          e.replicability && e.replicability !== 'REPLICABILITY_UNSPECIFIED'
            ? h('p', {}, h('strong', {}, `${w('replicability')} : `), w(e.replicability as WKey), ' ',
              e.replicabilityNotes ? pick(e.replicabilityNotes).text : '') : null)));
    }));
    // Search by DAC criterion and score: the practices scored at least `min` on it.
    const criterion = h('select', { id: 'practice-criterion' }, h('option', { value: '' }, w('anyCriterion')),
      CRITERIA.map((c) => h('option', { value: c }, criterionName(c)))) as HTMLSelectElement;
    const min = h('select', { id: 'practice-min' }, [0, 1, 2, 3, 4].map((n) => h('option', { value: String(n) }, n ? `≥ ${n} / 4` : '—'))) as HTMLSelectElement;
    const count = h('p', { id: 'practice-count', role: 'status', 'aria-live': 'polite' });
    const filter = () => {
      let shown = 0;
      for (const card of cards) {
        const best = JSON.parse(card.dataset.best ?? '{}') as Record<string, number>;
        card.hidden = Number(min.value) > 0 && (best[criterion.value] ?? 0) < Number(min.value);
        if (!card.hidden) shown++;
      }
      count.textContent = w('practicesShown', String(shown), String(cards.length));
    };
    criterion.addEventListener('change', filter);
    min.addEventListener('change', filter);
    shell(w('goodPractices'), h('p', {}, w('goodPracticesLead')),
      h('div', { class: 'ws-row ws-filters' },
        h('div', { class: 'field' }, h('label', { for: 'practice-criterion' }, w('criterion')), criterion),
        h('div', { class: 'field' }, h('label', { for: 'practice-min' }, w('minScore')), min)), count, ...cards);
    filter();
  } catch (e) { shell(w('goodPractices'), h('p', { class: 'ws-error', role: 'alert' }, (e as Error).message)); }
}
