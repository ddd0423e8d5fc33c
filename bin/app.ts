#!/usr/bin/env node
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { synthPlatformApp } from '../lib/platform';
import { ENVIRONMENTS } from '../stacks/environments';

const app = new App();
process.exitCode = synthPlatformApp(app, { environments: ENVIRONMENTS, manifestsDir: path.join(__dirname, '..', 'dist', 'k8s') });
