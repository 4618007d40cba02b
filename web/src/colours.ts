// Colours shared by the map and the panels (kept apart from the map module so
// the panels render before MapLibre has loaded).
// The built-in taxonomy's colours, until GET /v1/vocabularies brings the
// ones administrators chose (adoptThemeColours).
export const THEME_COLOURS: Record<string, string> = {
  investment: '#1f78b4', entrepreneurship: '#33a02c', remittances: '#e31a1c',
  skills: '#ff7f00', culture_education: '#6a3d9a', return_reintegration: '#b15928',
  social_protection: '#a6cee3', women_youth: '#fb9a99', consular_services: '#b2df8a',
  local_development: '#fdbf6f', research_data: '#cab2d6', rights_integration: '#8dd3c7',
};
let version = 0;

// Takes the taxonomy's colours; the map repaints when coloursVersion() moves.
export function adoptThemeColours(terms: { code: string; colour?: string }[] | undefined): void {
  for (const term of terms ?? []) {
    if (term.colour && THEME_COLOURS[term.code] !== term.colour) {
      THEME_COLOURS[term.code] = term.colour;
      ++version;
    }
  }
}

export const coloursVersion = (): number => version;
export const CLASS_COLOURS = ['#fff5eb', '#fdd0a2', '#fdae6b', '#f16913', '#d94801', '#a63603', '#7f2704', '#5a1a02', '#3d1101'];
