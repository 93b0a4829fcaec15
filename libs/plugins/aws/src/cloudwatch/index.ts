export { MetricReader, QUERIES_PER_CALL, readUtilization, type MetricReaderOptions } from './metric-reader';
export { EC2_INSTANCE_UTILIZATION, LOAD_BALANCER_UTILIZATION, RDS_INSTANCE_UTILIZATION, loadBalancerDimension, metricWindow, type MetricWindow, type Utilization } from './utilization';
