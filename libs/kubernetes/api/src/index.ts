export { KubernetesApiModule } from './kubernetes-api.module';
export { KubernetesApiService } from './kubernetes-api.service';
export * from './kubernetes-api.schemas';
