/**
 * Numbers names in the order they are first seen: `first`, `first + 1`, … Names already in
 * `names` keep their places; new ones are pushed onto it. Related reading numbers terms, tags
 * and series so (and its job the buffers and dictionaries it names); the build cache its term
 * dictionary.
 */
export class Numbering<T = string> {
  readonly #numbers = new Map<T, number>();

  constructor(
    readonly names: T[] = [],
    private readonly first = 0,
  ) {
    names.forEach((name, i) => {
      this.#numbers.set(name, first + i);
    });
  }

  of(name: T): number {
    let n = this.#numbers.get(name);
    if (n === undefined) {
      n = this.first + this.names.push(name) - 1;
      this.#numbers.set(name, n);
    }
    return n;
  }
}
