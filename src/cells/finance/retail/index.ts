export { retailConsumer, type RetailFollowerDeps } from './retail.consumer.ts';
