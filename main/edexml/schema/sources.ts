/**
 * Where each compiled schema comes from (paths relative to the project root). `extends`: an extension schema set
 * (it includes a base set); only the types it adds are kept, and the engine adds them to every EDEXML version whose
 * `ToevoegingsBlokType` they extend.
 */
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
  {
    version: '1.03',
    xsd: '../shared/edexml/xsd-1.03-open-schooljaar/EDEXML.structuur.xsd',
    module: 'main/edexml/schema/edexml-1.03.generated.ts',
    exportName: 'edexml103',
  },
  {
    version: 'lvs',
    xsd: '../shared/edexml/xsd-2.0-lvs/EDEXML.elementen.lvs.xsd',
    module: 'main/edexml/schema/edexml-lvs.generated.ts',
    exportName: 'edexmlLvs',
    extends: '../shared/edexml/xsd-2.0-open-schooljaar/EDEXML.structuur.xsd',
  },
] as const;
