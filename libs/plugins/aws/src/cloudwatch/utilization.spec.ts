import { EC2_INSTANCE_UTILIZATION, LOAD_BALANCER_UTILIZATION, RDS_INSTANCE_UTILIZATION, loadBalancerDimension, metricWindow, type MetricSeries } from './utilization';

const window = metricWindow(new Date('2026-11-01T15:30:00Z'), 3);
const day = (n: number) => new Date(window.start.getTime() + n * 86_400_000);
const series = (...values: number[]): MetricSeries => ({ points: values.map((value, n) => ({ timestamp: day(n), value })), complete: true });
const none: MetricSeries = { points: [], complete: true };

describe('utilisation summaries', () => {
  it('reads whole UTC days before the day of the run, so scans on the same day read the same data', () => {
    expect(window).toEqual({ start: new Date('2026-10-29T00:00:00Z'), end: new Date('2026-11-01T00:00:00Z'), days: 3 });
    expect(metricWindow(new Date('2026-11-01T23:59:59Z'), 3)).toEqual(window);
  });

  it('summarises an instance: mean of daily CPU averages, highest daily maximum, network in and out in MB a day, rounded', () => {
    const summary = EC2_INSTANCE_UTILIZATION.summarize(
      { cpuAverage: series(10.04, 20.02, 30.1), cpuMaximum: series(55.55, 97.26, 60), networkIn: series(1_000_000, 3_000_000, 2_049_999), networkOut: series(500_000, 0, 0) },
      window,
      { InstanceId: 'i-1' },
    );
    expect(summary).toEqual({ lookback_days: 3, datapoints: 3, cpu_avg_percent: 20.1, cpu_max_percent: 97.3, network_mb_per_day: 2.2 });
  });

  it('averages network over the days it has data for, and leaves out what CloudWatch did not have', () => {
    const summary = EC2_INSTANCE_UTILIZATION.summarize({ cpuAverage: none, cpuMaximum: none, networkIn: series(4_000_000), networkOut: none }, window, { InstanceId: 'i-1' });
    expect(summary).toEqual({ lookback_days: 3, datapoints: 1, network_mb_per_day: 4 });
  });

  it('has no utilisation without a single datapoint', () => {
    expect(EC2_INSTANCE_UTILIZATION.summarize({ cpuAverage: none, cpuMaximum: none, networkIn: none, networkOut: none }, window, { InstanceId: 'i-1' })).toBeUndefined();
    expect(RDS_INSTANCE_UTILIZATION.summarize({ cpuAverage: none, cpuMaximum: none, connectionsAverage: none, connectionsMaximum: none }, window, { DBInstanceIdentifier: 'db' })).toBeUndefined();
  });

  it('counts database connections in whole numbers', () => {
    const summary = RDS_INSTANCE_UTILIZATION.summarize(
      { cpuAverage: series(1.26, 1.3), cpuMaximum: series(3, 4.04), connectionsAverage: series(0.2, 0.4), connectionsMaximum: series(1, 2) },
      window,
      { DBInstanceIdentifier: 'db' },
    );
    expect(summary).toEqual({ lookback_days: 3, datapoints: 2, cpu_avg_percent: 1.3, cpu_max_percent: 4, connections_avg: 0, connections_max: 2 });
  });

  describe('load balancers', () => {
    const arn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0123456789abcdef';
    const old = { LoadBalancerArn: arn, Type: 'application' as const, CreatedTime: new Date('2026-01-01T00:00:00Z') };

    it('asks application ones for requests and network ones for new flows, by the end of the ARN', () => {
      expect(LOAD_BALANCER_UTILIZATION.queries(old)).toEqual({
        requests: { namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimension: { Name: 'LoadBalancer', Value: 'app/web/0123456789abcdef' }, stat: 'Sum' },
      });
      const network = { ...old, Type: 'network' as const, LoadBalancerArn: arn.replace('/app/', '/net/') };
      expect(LOAD_BALANCER_UTILIZATION.queries(network)?.requests).toMatchObject({ namespace: 'AWS/NetworkELB', metricName: 'NewFlowCount', dimension: { Value: 'net/web/0123456789abcdef' } });
      expect(LOAD_BALANCER_UTILIZATION.queries({ ...old, Type: 'gateway', LoadBalancerArn: arn.replace('/app/', '/gwy/') })).toBeUndefined();
      expect(loadBalancerDimension('arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/x/1')).toBeUndefined();
    });

    it('sums requests over the window', () => {
      expect(LOAD_BALANCER_UTILIZATION.summarize({ requests: series(10, 0.4, 5) }, window, old)).toEqual({ lookback_days: 3, datapoints: 3, request_count: 15 });
    });

    it('takes no datapoints from one older than the window as no traffic (ELB reports only traffic), and judges nothing else without data', () => {
      expect(LOAD_BALANCER_UTILIZATION.summarize({ requests: none }, window, old)).toEqual({ lookback_days: 3, datapoints: 0, request_count: 0 });
      expect(LOAD_BALANCER_UTILIZATION.summarize({ requests: none }, window, { ...old, CreatedTime: day(1) })).toBeUndefined();
      expect(LOAD_BALANCER_UTILIZATION.summarize({ requests: { points: [], complete: false } }, window, old)).toBeUndefined();
    });
  });
});
