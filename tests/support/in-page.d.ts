/** Something found in a page; `inContent` when it sits in a rendered markdown body (`.body`). */
export interface Found {
  inContent: boolean;
  what: string;
}

export interface Violation extends Found {
  directive: string;
  blocked: string;
}

export interface Probe {
  title: string;
  h1: string;
  text: string;
  pwned: unknown;
  jsonLd: string[];
  style: string[];
  scripts: Found[];
  handlers: Found[];
  scriptUrls: Found[];
  embedded: Found[];
}

export function recordViolations(): void;
export function violations(): Violation[];
export function probe(): Probe;
export function protocolOf(link: unknown): string;
export function causing(element: unknown): void;
export function addControlScript(): void;
export function settle(): Promise<void>;
