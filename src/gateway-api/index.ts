export * from './backend-ca';
export { GatewayListener, GatewayListenerProtocol } from './gateway-listener';
export * from './gateway-api-mtls';
