import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface FakePaymentIntent {
  id: string;
  amount: number;
  amountReceived: number;
}

interface FakeRefund {
  id: string;
  paymentIntent: string;
  amount: number;
  status: string;
  metadata: Record<string, string>;
  created: number;
}

interface FakeTransfer {
  id: string;
  amount: number;
  amountReversed: number;
  destination: string;
  transferGroup: string | null;
  metadata: Record<string, string>;
  created: number;
}

/**
 * A loopback Stripe that keeps what it is told and what it did, for the reconciliation's tests:
 * stripe-mock keeps no state, so it cannot answer a refund list with the refund it just made, nor
 * report a payment the test changed. It speaks the few endpoints the API calls (payment intents,
 * refunds, Connect accounts and account links, transfers) the way the SDK reads them; a test changes
 * its records to play the processor acting on its own (a refund failing, a transfer reversed) or to
 * inject a difference. Anything else answers 404, as Stripe answers an unknown path.
 */
export class StatefulFakeStripe {
  private readonly paymentIntents = new Map<string, FakePaymentIntent>();
  private readonly refunds = new Map<string, FakeRefund>();
  private readonly transfers = new Map<string, FakeTransfer>();
  private sequence = 0;
  /** While true every request answers 500, as an outage does (the SDK retries, then gives up). */
  unavailable = false;

  private readonly server = createServer((request, response) => void this.handle(request, response));

  static async start(): Promise<StatefulFakeStripe> {
    const fake = new StatefulFakeStripe();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** What STRIPE_API_BASE points at. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  /** A payment Checkout took: the payment intent, with what it received. */
  addPayment(paymentIntentId: string, amountPaise: number): void {
    this.paymentIntents.set(paymentIntentId, { id: paymentIntentId, amount: amountPaise, amountReceived: amountPaise });
  }

  setAmountReceived(paymentIntentId: string, amountPaise: number): void {
    this.existing(this.paymentIntents, paymentIntentId).amountReceived = amountPaise;
  }

  forgetPayment(paymentIntentId: string): void {
    this.paymentIntents.delete(paymentIntentId);
  }

  /** A refund made in the Dashboard, or by anyone: `escrowId` set only to play one of ours. */
  addRefund(paymentIntentId: string, amountPaise: number, escrowId?: string): string {
    return this.createRefund(paymentIntentId, amountPaise, escrowId === undefined ? {} : { escrowId }).id;
  }

  /** The refunds of a payment intent, newest first. */
  refundsOf(paymentIntentId: string): readonly Readonly<FakeRefund>[] {
    return [...this.refunds.values()].filter((refund) => refund.paymentIntent === paymentIntentId).reverse();
  }

  setRefund(refundId: string, change: { status?: string; amount?: number }): void {
    Object.assign(this.existing(this.refunds, refundId), change);
  }

  forgetRefund(refundId: string): void {
    this.refunds.delete(refundId);
  }

  /** The transfers of a transfer group, oldest first. */
  transfersOf(transferGroup: string): readonly Readonly<FakeTransfer>[] {
    return [...this.transfers.values()].filter((transfer) => transfer.transferGroup === transferGroup);
  }

  /** A transfer for a withdrawal the API did not send (or sent once already). */
  addTransfer(transferGroup: string, withdrawalId: string, amountPaise: number): string {
    return this.createTransfer({ amount: amountPaise, destination: 'acct_fake', transferGroup, metadata: { withdrawalId } }).id;
  }

  setTransfer(transferId: string, change: { amount?: number; amountReversed?: number }): void {
    Object.assign(this.existing(this.transfers, transferId), change);
  }

  forgetTransfer(transferId: string): void {
    this.transfers.delete(transferId);
  }

  private existing<T>(records: Map<string, T>, id: string): T {
    const record = records.get(id);
    if (record === undefined) throw new Error(`the fake Stripe holds no ${id}`);
    return record;
  }

  private nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}_fake${String(this.sequence).padStart(6, '0')}${randomBytes(4).toString('hex')}`;
  }

  private createRefund(paymentIntent: string, amount: number, metadata: Record<string, string>): FakeRefund {
    const refund = { id: this.nextId('re'), paymentIntent, amount, status: 'succeeded', metadata, created: this.sequence };
    this.refunds.set(refund.id, refund);
    return refund;
  }

  private createTransfer(fields: Omit<FakeTransfer, 'id' | 'amountReversed' | 'created'>): FakeTransfer {
    const transfer = { ...fields, id: this.nextId('tr'), amountReversed: 0, created: this.sequence };
    this.transfers.set(transfer.id, transfer);
    return transfer;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', 'http://fake.stripe');
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const { status, body } = this.unavailable
      ? { status: 500, body: stripeError('api_error', 'fake outage') }
      : this.answer(request.method ?? 'GET', url, form);
    response.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${this.nextId('fake')}` });
    response.end(JSON.stringify(body));
  }

  private answer(method: string, url: URL, form: URLSearchParams): { status: number; body: unknown } {
    const path = url.pathname;
    const intentId = /^\/v1\/payment_intents\/([^/]+)$/.exec(path)?.[1];
    if (method === 'GET' && intentId !== undefined) {
      const intent = this.paymentIntents.get(decodeURIComponent(intentId));
      return intent === undefined ? missing(`No such payment_intent: '${intentId}'`) : ok(paymentIntentObject(intent));
    }
    if (method === 'GET' && path === '/v1/refunds') {
      const paymentIntent = url.searchParams.get('payment_intent') ?? '';
      return ok(list('/v1/refunds', this.refundsOf(paymentIntent).map(refundObject)));
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const paymentIntent = form.get('payment_intent') ?? '';
      if (!this.paymentIntents.has(paymentIntent)) return missing(`No such payment_intent: '${paymentIntent}'`);
      return ok(refundObject(this.createRefund(paymentIntent, Number(form.get('amount')), metadataOf(form))));
    }
    if (method === 'GET' && path === '/v1/transfers') {
      const group = url.searchParams.get('transfer_group') ?? '';
      return ok(list('/v1/transfers', this.transfersOf(group).toReversed().map(transferObject)));
    }
    if (method === 'POST' && path === '/v1/transfers') {
      const transfer = this.createTransfer({
        amount: Number(form.get('amount')),
        destination: form.get('destination') ?? '',
        transferGroup: form.get('transfer_group'),
        metadata: metadataOf(form),
      });
      return ok(transferObject(transfer));
    }
    if (method === 'POST' && path === '/v1/accounts') {
      return ok({ id: this.nextId('acct'), object: 'account', type: 'express', country: 'IN', metadata: metadataOf(form) });
    }
    if (method === 'POST' && path === '/v1/account_links') {
      return ok({ object: 'account_link', url: `${this.url}/onboarding/${form.get('account') ?? ''}`, created: 0, expires_at: 0 });
    }
    return missing(`Unrecognized request URL (${method}: ${path})`);
  }
}

function ok(body: unknown): { status: number; body: unknown } {
  return { status: 200, body };
}

function missing(message: string): { status: number; body: unknown } {
  return { status: 404, body: stripeError('invalid_request_error', message, 'resource_missing') };
}

function stripeError(type: string, message: string, code?: string) {
  return { error: { type, message, ...(code === undefined ? {} : { code }) } };
}

function list(url: string, data: readonly unknown[]) {
  return { object: 'list', url, has_more: false, data };
}

/** `metadata[key]=value` fields of a form-encoded request. */
function metadataOf(form: URLSearchParams): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [key, value] of form) {
    const name = /^metadata\[(.+)\]$/.exec(key)?.[1];
    if (name !== undefined) metadata[name] = value;
  }
  return metadata;
}

function paymentIntentObject(intent: FakePaymentIntent) {
  return {
    id: intent.id,
    object: 'payment_intent',
    amount: intent.amount,
    amount_received: intent.amountReceived,
    currency: 'inr',
    status: 'succeeded',
    metadata: {},
  };
}

function refundObject(refund: FakeRefund) {
  return {
    id: refund.id,
    object: 'refund',
    amount: refund.amount,
    currency: 'inr',
    payment_intent: refund.paymentIntent,
    status: refund.status,
    metadata: refund.metadata,
    created: refund.created,
  };
}

function transferObject(transfer: FakeTransfer) {
  return {
    id: transfer.id,
    object: 'transfer',
    amount: transfer.amount,
    amount_reversed: transfer.amountReversed,
    reversed: transfer.amountReversed === transfer.amount,
    currency: 'inr',
    destination: transfer.destination,
    transfer_group: transfer.transferGroup,
    metadata: transfer.metadata,
    created: transfer.created,
  };
}
