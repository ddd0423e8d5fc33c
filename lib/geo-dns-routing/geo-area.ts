/**
 * Where a geolocation record applies: a continent, a country, a subdivision of a country, or the
 * default (`*`) that answers every location no other record of the set matches.
 *
 * Codes are checked at synth against the lists in `geo-codes.ts` (by the construct's validation,
 * which knows the construct path to report).
 *
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-geo.html
 */
export class GeoArea {
  /** A continent: AF, AN, AS, EU, NA, OC or SA. */
  public static continent(code: string): GeoArea {
    return new GeoArea('continent', code, undefined);
  }

  /** A country by its ISO 3166-1 alpha-2 code, e.g. `DE`. */
  public static country(code: string): GeoArea {
    return new GeoArea('country', code, undefined);
  }

  /** A subdivision of a country, e.g. `subdivision('US', 'CA')` for California. */
  public static subdivision(countryCode: string, subdivisionCode: string): GeoArea {
    return new GeoArea('subdivision', countryCode, subdivisionCode);
  }

  /** A US state (or DC) by its two-letter code, e.g. `usState('WA')`. */
  public static usState(code: string): GeoArea {
    return GeoArea.subdivision('US', code);
  }

  /** The default record (`*`): every location no other record of the set matches. */
  public static default(): GeoArea {
    return new GeoArea('default', '*', undefined);
  }

  private constructor(
    /** What kind of area this is. */
    public readonly kind: 'continent' | 'country' | 'subdivision' | 'default',
    /** Continent or country code (`*` for the default). */
    public readonly code: string,
    /** Subdivision code, for `kind === 'subdivision'`. */
    public readonly subdivisionCode: string | undefined,
  ) {}

  /** True for the default record. */
  public get isDefault(): boolean {
    return this.kind === 'default';
  }

  /** A stable, DNS-label-friendly key, e.g. `country-de`, `us-ca`, `continent-eu`, `default`. */
  public get key(): string {
    switch (this.kind) {
      case 'default':
        return 'default';
      case 'subdivision':
        return `${this.code}-${this.subdivisionCode}`.toLowerCase();
      default:
        return `${this.kind}-${this.code}`.toLowerCase();
    }
  }

  /** The CloudFormation `GeoLocation` property. */
  public toCfn(): { ContinentCode?: string; CountryCode?: string; SubdivisionCode?: string } {
    switch (this.kind) {
      case 'continent':
        return { ContinentCode: this.code };
      case 'subdivision':
        return { CountryCode: this.code, SubdivisionCode: this.subdivisionCode };
      default:
        return { CountryCode: this.code };
    }
  }

  public toHumanString(): string {
    return this.kind === 'subdivision' ? `${this.kind}(${this.code}-${this.subdivisionCode})` : `${this.kind}(${this.code})`;
  }
}
