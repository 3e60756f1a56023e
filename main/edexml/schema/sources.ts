/** Where each compiled schema comes from (paths relative to the project root). */
export const SCHEMA_SOURCES = [
  {
    version: '2.1',
    xsd: '../shared/edexml/xsd-2.1-open-schooljaar/EDEXML.structuur.xsd',
    module: 'main/edexml/schema/edexml-2.1.generated.ts',
    exportName: 'edexml21',
  },
  {
    version: '2.0',
    xsd: '../shared/edexml/xsd-2.0-open-schooljaar/EDEXML.structuur.xsd',
    module: 'main/edexml/schema/edexml-2.0.generated.ts',
    exportName: 'edexml20',
  },
] as const;
