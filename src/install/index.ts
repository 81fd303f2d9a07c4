export * from './ambassador-product';
export * from './ambassador-release';
export * from './helm-chart';
export * from './install-options';
export { AmbassadorInstall, AmbassadorInstallMethod, AmbassadorModuleOwner } from './ambassador-install';
