// The preview's bundle-time modules without type declarations.
declare module 'preview:modules';
declare module 'j-component';
declare module 'j-component/src/tool/utils';
declare module 'miniprogram-exparser';
