/** Problems found while reading an HTML page: data for the article's diagnostics, never thrown. */
import type { Diagnostic } from '../../core/record.js';

export interface HtmlProblem {
  severity: Diagnostic['severity'];
  /** Stable code, `AREA_WHAT` (`HTML_…`, `CHARSET_…`). */
  code: string;
  message: string;
}
