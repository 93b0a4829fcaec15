import { AWS_SERVICES } from './aws-config';
import { selectServices } from './aws-services';

describe('selectServices', () => {
  it('selects every supported service when the job names none', () => {
    expect(selectServices(undefined)).toEqual({ services: [...AWS_SERVICES], unsupported: [], all: true });
  });

  it('brings the load balancers along with ec2, and knows other names for services', () => {
    expect(selectServices(['ec2']).services).toEqual(['ec2', 'elbv2']);
    expect(selectServices(['vpc', 'elb']).services).toEqual(['ec2', 'elbv2']);
  });

  it('sets apart the services it does not scan, each once', () => {
    expect(selectServices(['s3', 'shield', 'config', 'shield'])).toEqual({ services: ['s3'], unsupported: ['shield', 'config'], all: false });
  });

  it('counts an explicit list of every service as all of them', () => {
    expect(selectServices(['kms', ...AWS_SERVICES]).all).toBe(true);
  });
});
