/**
 * The EDEXML schema, compiled from the official XSD into plain data (see compile-xsd.ts), so the app needs no XSD
 * files or XSD engine at run time. Only the XSD features EDEXML uses are represented.
 */

export type BuiltinType = 'string' | 'integer' | 'date' | 'dateTime' | 'boolean';

/** One restriction step; a value must satisfy every step of its type (XSD derivation semantics). */
export interface Facets {
  readonly enumeration?: readonly string[];
  /** XSD regexes, already translated to JavaScript source (anchored, `u` flag). Any one of a step's patterns may match. */
  readonly patterns?: readonly string[];
  readonly length?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly totalDigits?: number;
}

export interface SimpleType {
  readonly kind: 'simple';
  readonly name: string;
  readonly builtin: BuiltinType;
  /** Outermost first: the named/anonymous type's own facets, then its base's, and so on. */
  readonly steps: readonly Facets[];
}

export interface AttributeDecl {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
}

export type Particle =
  | { readonly kind: 'element'; readonly name: string; readonly type: string; readonly min: number; readonly max: number }
  | { readonly kind: 'sequence' | 'choice'; readonly items: readonly Particle[]; readonly min: number; readonly max: number };

export interface ComplexType {
  readonly kind: 'complex';
  readonly name: string;
  readonly abstract: boolean;
  /** Named base type this one extends (for xsi:type checks). */
  readonly base: string | null;
  readonly attributes: readonly AttributeDecl[];
  /** null: empty content (attributes only). */
  readonly content: Particle | null;
}

export interface IdentityConstraint {
  readonly kind: 'key' | 'unique' | 'keyref';
  readonly name: string;
  /** Element names from the root's children down, e.g. ['leerlingen', 'leerling']; '*' matches any name. */
  readonly selector: readonly string[];
  /** The attribute that is the field (EDEXML only uses single-attribute fields). */
  readonly field: string;
  readonly refer: string | null;
}

export interface CompiledSchema {
  readonly version: string;
  readonly root: { readonly name: string; readonly type: string };
  readonly types: Readonly<Record<string, SimpleType | ComplexType>>;
  readonly identity: readonly IdentityConstraint[];
}

export const UNBOUNDED = -1;
