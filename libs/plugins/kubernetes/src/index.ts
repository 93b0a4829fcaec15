// The plugin's public API comes with the plugin. The fixture cluster is test and development code:
// specs and tools import it by path (`libs/plugins/kubernetes/src/fixtures`), as the aws plugin's.
export {};
