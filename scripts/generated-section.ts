/**
 * A section of a markdown document that a script writes and a unit test compares with its
 * generator's output: everything between two HTML comments, the markers.
 */
export interface SectionMarkers {
  readonly begin: string;
  readonly end: string;
}

/** Where the section sits in `markdown`: after the begin marker, up to the end marker; null without both. */
function sectionBounds(markdown: string, markers: SectionMarkers): { start: number; end: number } | null {
  const begin = markdown.indexOf(markers.begin);
  const end = markdown.indexOf(markers.end);
  return begin === -1 || end < begin ? null : { start: begin + markers.begin.length, end };
}

/** The markdown between the markers, or null when a marker is missing. */
export function generatedSection(markdown: string, markers: SectionMarkers): string | null {
  const bounds = sectionBounds(markdown, markers);
  return bounds === null ? null : markdown.slice(bounds.start, bounds.end).trim();
}

/** `markdown` with the section between the markers replaced by `content`. */
export function withGeneratedSection(markdown: string, markers: SectionMarkers, content: string): string {
  const bounds = sectionBounds(markdown, markers);
  if (bounds === null) throw new Error(`the markers ${markers.begin} and ${markers.end} are missing`);
  return `${markdown.slice(0, bounds.start)}\n${content}\n${markdown.slice(bounds.end)}`;
}
