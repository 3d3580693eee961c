/** Types for the modules the Vite config provides. */
declare module 'virtual:country-codes' {
  /** ISO 3166-1 numeric code (zero-padded, as world-atlas ids) → alpha-3. */
  const numericToAlpha3: Record<string, string>;
  export default numericToAlpha3;
}
