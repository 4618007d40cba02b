// Colours shared by the map and the panels (kept apart from the map module so
// the panels render before MapLibre has loaded).
export const THEME_COLOURS: Record<string, string> = {
  investment: '#1f78b4', entrepreneurship: '#33a02c', remittances: '#e31a1c',
  skills: '#ff7f00', culture_education: '#6a3d9a', return_reintegration: '#b15928',
  social_protection: '#a6cee3', women_youth: '#fb9a99', consular_services: '#b2df8a',
  local_development: '#fdbf6f', research_data: '#cab2d6', health: '#8dd3c7',
};
export const CLASS_COLOURS = ['#fff5eb', '#fdd0a2', '#fdae6b', '#f16913', '#d94801', '#a63603', '#7f2704', '#5a1a02', '#3d1101'];
