import { z } from 'zod';
import type { Marketplace } from '@skillhouse/domain';
import { jobDocument } from '../documents.ts';
import { userRoute, publicRoute, type Route } from '../route.ts';
import { inrAmount, jobSchema, messageWith, objectId } from '../schemas.ts';

const createJobBody = z.object({ title: z.string().min(1), description: z.string().min(1), rate: inrAmount });
const paymentBody = z.object({ title: z.string().min(1), rate: inrAmount, freelancerId: objectId });

export function jobRoutes(service: Marketplace): Route[] {
  return [
    userRoute({
      method: 'post',
      path: '/api/client/job/create-job',
      summary: 'Post a job',
      tags: ['jobs'],
      roles: ['client'],
      body: createJobBody,
      success: { status: 201, description: 'The job, Open', schema: messageWith('job', jobSchema) },
      errors: [400, 415],
      async handle({ actor, body }) {
        const job = await service.postJob.execute({ actor, ...body });
        return { status: 201, body: { message: 'Job created', job: jobDocument(job) } };
      },
    }),
    publicRoute({
      method: 'get',
      path: '/api/client/job/job-details/{id}',
      summary: 'A job',
      tags: ['jobs'],
      params: z.object({ id: objectId }),
      success: { status: 200, description: 'The job', schema: z.object({ job: jobSchema }) },
      errors: [400, 404],
      async handle({ params }) {
        const job = await service.getJob.execute({ jobId: params.id });
        return { body: { job: jobDocument(job) } };
      },
    }),
    userRoute({
      method: 'post',
      path: '/api/client/job/payment/{jobId}',
      summary: 'Open a Stripe Checkout to hire a freelancer on an open job of the caller',
      description:
        'Nothing is recorded until Stripe reports the payment to POST /webhook; the escrow holds what Stripe says was paid. The response adds `url`, the Checkout page to send the payer to.',
      tags: ['payments'],
      roles: ['client'],
      params: z.object({ jobId: objectId }),
      body: paymentBody,
      success: {
        status: 200,
        description: 'The Checkout session',
        schema: z.object({ id: z.string().meta({ description: 'The Checkout session id' }), url: z.string() }),
      },
      errors: [400, 404, 409, 415, 502],
      async handle({ actor, params, body }) {
        const session = await service.createCheckout.execute({ actor, jobId: params.jobId, ...body });
        return { body: { id: session.sessionId, url: session.url } };
      },
    }),
  ];
}
