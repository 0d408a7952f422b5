// The operators' console: a small client over the API's own JSON endpoints, with the admin's bearer
// token. Every value reaches the page as a text node (el() below never parses HTML), so a job title
// of <script> stays text; the page's Content-Security-Policy allows no inline script either.

const TOKEN_KEY = 'skillhouse.console.token';

/**
 * The queues, in the order an operator works them. Reconciliation differences come after them, on
 * demand: listing them asks Stripe about every escrow of the period.
 */
const QUEUES = [
  { name: 'release-requested', title: 'Releases requested, awaiting approval', since: 'Funded', time: (entry) => entry.fundedAt },
  { name: 'disputes', title: 'Open disputes', since: 'Opened', time: (entry) => entry.dispute?.openedAt ?? entry.fundedAt },
  {
    name: 'refunds-due',
    title: 'Canceled contracts with funded escrows, awaiting a refund',
    since: 'Funded',
    time: (entry) => entry.fundedAt,
  },
  {
    name: 'failed-refunds',
    title: 'Client refunds the payment processor reported failed',
    since: 'Failed',
    time: (entry) => entry.refundFailure?.failedAt ?? entry.fundedAt,
  },
  { name: 'chargebacks', title: 'Open chargebacks', since: 'Opened', time: (entry) => entry.chargeback?.openedAt ?? entry.fundedAt },
  { name: 'auto-releases', title: 'Auto-releases due in the next 48 hours', since: 'Due', time: (entry) => entry.reviewEndsAt },
  { name: 'returned-payments', title: 'Payments returned whole', since: 'Funded', time: (entry) => entry.fundedAt },
];
const PAGE_SIZE = 20;

const inr = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** An element with attributes and children; strings become text nodes, never markup. */
function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return element;
}

/** A section named by its heading (for screen readers as well as the eye). */
function titledSection(id, heading, ...children) {
  return el('section', { 'aria-labelledby': id }, el('h2', { id }, heading), ...children);
}

/** A table with one header row: a heading is its label, or [label, attributes] for its cell. */
function table(headings, body) {
  const cells = headings.map((heading) => {
    const [label, attributes] = Array.isArray(heading) ? heading : [heading, {}];
    return el('th', { scope: 'col', ...attributes }, label);
  });
  return el('table', {}, el('thead', {}, el('tr', {}, cells)), body);
}

function money(amount) {
  return typeof amount === 'number' ? inr.format(amount) : '—';
}

function when(iso) {
  return iso ? `${dateTime.format(new Date(iso))} UTC` : '—';
}

/** How long ago, in days and hours: the age of a dispute or a request. */
function age(iso) {
  const hours = Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 3_600_000));
  return hours < 24 ? `${hours} h` : `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

function personName(party) {
  if (!party) return '—';
  return party.name ?? party._id;
}

function main() {
  return document.getElementById('main');
}

/** Replaces the page's content and moves focus to it, so a keyboard or screen-reader user starts at the top. */
function show(...children) {
  const target = main();
  target.replaceChildren(...children.filter((child) => child !== null && child !== undefined && child !== false));
  target.focus();
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** The token's claims, for showing who is signed in; the API verifies the token on every call. */
function claimsOf(jwt) {
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload));
  } catch {
    return null;
  }
}

class ApiError extends Error {
  constructor(status, body) {
    const code = body && typeof body === 'object' ? body.code : undefined;
    const message = body && typeof body === 'object' ? body.message : String(body ?? '');
    super(`${status}${code ? ` ${code}` : ''}: ${message}`);
    this.status = status;
    this.code = code;
  }
}

/** JSON over the API with the admin's token; a refusal becomes an ApiError carrying the API's own status, code and message. */
async function api(method, path, body) {
  const headers = { authorization: `Bearer ${token()}`, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let parsed;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    parsed = text;
  }
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed;
}

function alertBox(error) {
  return el('div', { class: 'alert', role: 'alert' }, error instanceof ApiError ? `The API refused: ${error.message}` : String(error));
}

// ---- signing in ----

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  location.assign('/admin');
}

function renderWho() {
  const who = document.getElementById('who');
  const button = document.getElementById('sign-out');
  const claims = token() === null ? null : claimsOf(token());
  who.textContent = claims === null ? '' : `Signed in as ${claims.name ?? claims.id} (${claims.role})`;
  button.hidden = claims === null;
}

function signInPage(problem) {
  const demo = document.body.dataset.demoSignIn === 'true';
  const input = el('input', {
    type: 'password',
    id: 'token',
    name: 'token',
    autocomplete: 'off',
    required: true,
    'aria-describedby': 'token-help',
  });
  const form = el(
    'form',
    {
      class: 'panel',
      onsubmit: (event) => {
        event.preventDefault();
        void signIn(input.value.trim());
      },
    },
    el('label', { for: 'token' }, 'Admin access token'),
    input,
    el(
      'p',
      { id: 'token-help', class: 'muted' },
      'Paste an admin token issued by the identity service. It is kept in this tab only and sent as a bearer token.',
    ),
    el('button', { type: 'submit', class: 'primary' }, 'Sign in'),
  );
  const demoPanel = demo
    ? el(
        'div',
        { class: 'panel' },
        el('p', {}, 'This API runs on the embedded default: a demo admin exists.'),
        el('button', { type: 'button', id: 'demo-sign-in', onclick: () => void signInAsDemoAdmin() }, 'Sign in as the demo admin'),
      )
    : null;
  show(el('h1', {}, 'Sign in'), problem ?? null, demoPanel, form);
}

async function signInAsDemoAdmin() {
  const response = await fetch('/embedded/demo-admin/token', { method: 'POST', headers: { accept: 'application/json' } });
  if (!response.ok) return signInPage(alertBox(`The demo sign-in answered ${response.status}`));
  const { token: demoToken } = await response.json();
  return signIn(demoToken);
}

/** Keeps the token for this tab, then opens the page asked for; a token the API refuses is dropped and the refusal shown. */
async function signIn(newToken) {
  if (newToken === '') return signInPage(alertBox('Paste a token first.'));
  sessionStorage.setItem(TOKEN_KEY, newToken);
  renderWho();
  return route();
}

/** A token the API refuses: 401 asks for another one; 403 (not an admin, blocked) is the console's 403 page. */
function refused(error) {
  sessionStorage.removeItem(TOKEN_KEY);
  renderWho();
  if (error.status === 403) {
    show(
      el('h1', {}, '403: not allowed'),
      el('div', { class: 'alert', role: 'alert' }, `The API refused this token: ${error.message}`),
      el('p', {}, 'The console is for admins. Sign in with an admin’s token.'),
      el('button', { type: 'button', onclick: () => signInPage() }, 'Sign in again'),
    );
    return;
  }
  signInPage(alertBox(error));
}

// ---- the queue ----

function queueRow(queue, entry) {
  const contractCell = entry.contractId
    ? el('a', { href: `/admin/contracts/${encodeURIComponent(entry.contractId)}` }, entry.job.title ?? entry.contractId)
    : el('span', {}, entry.job.title ?? entry.escrowId);
  let detail;
  if (entry.dispute && queue.name === 'disputes') {
    const last = entry.dispute.lastStatement;
    detail = el(
      'div',
      {},
      el(
        'div',
        {},
        `Opened by the ${entry.dispute.openedBy.role} (${entry.dispute.reason}), ${age(entry.dispute.openedAt)} ago; ${entry.dispute.statements} statement(s)`,
      ),
      last ? el('div', { class: 'muted' }, `Last, by the ${last.by.role}: “${last.text}”`) : null,
    );
  } else if (entry.refundFailure && queue.name === 'failed-refunds') {
    const { reason, retries, refundId } = entry.refundFailure;
    detail = el(
      'div',
      {},
      el('div', {}, `Failed: ${reason}; ${retries === 0 ? 'not retried yet' : `retried ${retries} time(s) so far`}`),
      el('div', { class: 'muted' }, refundId === null ? 'Refused by the payment processor when sent' : `Refund ${refundId}`),
      entry.contractId ? null : returnedPaymentRefundActions(entry),
    );
  } else if (entry.chargeback && queue.name === 'chargebacks') {
    detail = el(
      'div',
      {},
      el('div', {}, `${money(entry.chargeback.amount)} disputed with the card network, ${age(entry.chargeback.openedAt)} ago`),
      el('div', { class: 'muted' }, `Dispute ${entry.chargeback.disputeId}`),
    );
  } else if (queue.name === 'returned-payments') {
    detail = el('span', {}, entry.resolution?.reasonDescription ?? entry.resolution?.reason ?? '');
  } else {
    detail = el('span', {}, [entry.contractStatus, entry.releaseFundStatus].filter(Boolean).join(', '));
  }
  return el(
    'tr',
    {},
    el('td', {}, contractCell),
    el('td', {}, personName(entry.client), entry.client.blocked ? el('span', { class: 'badge blocked' }, ' blocked') : null),
    el('td', {}, personName(entry.freelancer), entry.freelancer.blocked ? el('span', { class: 'badge blocked' }, ' blocked') : null),
    el('td', { class: 'money' }, money(entry.amount)),
    el('td', {}, when(queue.time(entry))),
    el('td', {}, detail),
  );
}

async function queueSection(queue) {
  const heading = el('h2', { id: `queue-${queue.name}` }, queue.title);
  const section = el('section', { 'aria-labelledby': `queue-${queue.name}`, 'data-queue': queue.name }, heading);
  const body = el('tbody', {});
  const more = el('button', { type: 'button', hidden: true }, 'Show more');
  section.append(table(['Contract', 'Client', 'Freelancer', ['Paid', { class: 'money' }], queue.since, 'Details'], body), more);

  const load = async (cursor) => {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (cursor) query.set('cursor', cursor);
    const page = await api('GET', `/api/admin/queue/${queue.name}?${query}`);
    heading.textContent = `${queue.title} (${page.count})`;
    if (page.count === 0) body.replaceChildren(el('tr', {}, el('td', { colspan: 6, class: 'empty' }, 'Nothing waits here.')));
    else body.append(...page.data.map((entry) => queueRow(queue, entry)));
    more.hidden = page.next === null;
    more.onclick = () => void load(page.next).catch((error) => section.append(alertBox(error)));
  };
  await load(null);
  return section;
}

async function queuePage(notice) {
  const sections = await Promise.all(QUEUES.map(queueSection));
  show(
    el('h1', {}, 'What needs an admin'),
    notice ? el('div', { class: 'ok', role: 'status' }, notice) : null,
    el(
      'p',
      { class: 'queue-note muted' },
      'Each list is oldest first, with its count. Open a contract to see its case and act on it (a payment returned whole has no contract: its failed refund is answered on its row).',
    ),
    ...sections,
    reconciliationSection(),
  );
}

/** The ledger compared with Stripe, escrow by escrow, when the operator asks: it changes nothing. */
function reconciliationSection() {
  const heading = el('h2', { id: 'queue-reconciliation' }, 'Reconciliation differences');
  const section = el('section', { 'aria-labelledby': 'queue-reconciliation', 'data-queue': 'reconciliation' }, heading);
  const since = el('input', { type: 'date', id: 'reconciliation-since', 'aria-label': 'Since' });
  const result = el('div', {});
  const compare = async () => {
    const query = since.value ? `?${new URLSearchParams({ since: since.value })}` : '';
    result.replaceChildren(el('p', { class: 'muted' }, 'Comparing with Stripe…'));
    const report = await api('GET', `/api/admin/reconciliation${query}`);
    heading.textContent = `Reconciliation differences (${report.count})`;
    const checked = `${report.escrowsChecked} escrow(s) and ${report.withdrawalsChecked} withdrawal(s) since ${when(report.since)}`;
    if (report.count === 0) {
      result.replaceChildren(el('p', { class: 'empty' }, `No differences: ${checked}.`));
      return;
    }
    const rows = report.differences.map((difference) =>
      el(
        'tr',
        {},
        el('td', {}, difference.kind),
        el('td', {}, `${difference.subject} ${difference.subjectId}`),
        el('td', {}, difference.externalId ?? '—'),
        el('td', { class: 'money' }, difference.ledgerAmount === null ? '—' : money(difference.ledgerAmount)),
        el('td', { class: 'money' }, difference.processorAmount === null ? '—' : money(difference.processorAmount)),
        el('td', {}, difference.message),
      ),
    );
    result.replaceChildren(
      el('p', { class: 'muted' }, `Checked ${checked}.`),
      table(
        ['Kind', 'Of', 'Stripe object', ['Ledger', { class: 'money' }], ['Stripe', { class: 'money' }], 'What differs'],
        el('tbody', {}, rows),
      ),
    );
  };
  const button = el('button', { type: 'button' }, 'Compare with Stripe');
  button.addEventListener('click', () => void compare().catch((error) => result.replaceChildren(alertBox(error))));
  section.append(
    el(
      'p',
      { class: 'queue-note muted' },
      'The ledger against Stripe’s payments, refunds and transfers, escrow by escrow; nothing is corrected. Leave the date empty for the last 30 days.',
    ),
    el('div', { class: 'actions' }, el('label', { for: 'reconciliation-since' }, 'Since '), since, button),
    result,
  );
  return section;
}

// ---- the contract page ----

function facts(pairs) {
  return el(
    'dl',
    { class: 'facts' },
    pairs.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value ?? '—')]),
  );
}

function partyRow(label, party, reload) {
  const button = el('button', { type: 'button', class: party.blocked ? '' : 'danger' }, party.blocked ? 'Unblock…' : 'Block…');
  const place = el('div', {});
  button.addEventListener('click', () => {
    const blocking = !party.blocked;
    place.replaceChildren(
      confirmation(
        blocking
          ? [
              `Block ${personName(party)} (${party._id}).`,
              'Every request of theirs is then refused (403 AUTH.BLOCKED) until an admin unblocks them; nothing else changes.',
            ]
          : [`Unblock ${personName(party)} (${party._id}).`, 'They may use the marketplace again.'],
        blocking ? 'Block' : 'Unblock',
        () =>
          api('PATCH', `/api/admin/users/${party._id}`, {
            blocked: blocking,
            ...(party.known ? {} : { role: party.role ?? label.toLowerCase() }),
          }),
        reload,
      ),
    );
  });
  return el(
    'tr',
    {},
    el('th', { scope: 'row' }, label),
    el('td', {}, personName(party), el('div', { class: 'muted' }, party._id)),
    el('td', {}, party.blocked ? el('span', { class: 'badge blocked' }, 'blocked') : el('span', { class: 'badge' }, 'active')),
    el('td', {}, button, place),
  );
}

/** The consequence of an action in words, then Confirm and Cancel; the API's answer (or its refusal) replaces it. */
function confirmation(lines, confirmLabel, act, reload) {
  const box = el('div', { class: 'panel consequence', role: 'region', 'aria-label': 'Confirm' });
  const confirm = el('button', { type: 'button', class: 'primary' }, confirmLabel);
  const cancel = el('button', { type: 'button', onclick: () => box.remove() }, 'Cancel');
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    try {
      await act();
      await reload(`${confirmLabel}: done.`);
    } catch (error) {
      box.replaceChildren(alertBox(error), el('button', { type: 'button', onclick: () => void reload() }, 'Reload the contract'));
    }
  });
  box.append(...lines.map((line) => el('p', {}, line)), el('div', { class: 'actions' }, confirm, cancel));
  queueMicrotask(() => confirm.focus());
  return box;
}

function splitLines(preview) {
  const lines = [
    `Paid: ${money(preview.amount)}.`,
    `The client gets back ${money(preview.clientRefund)} (through the payment processor).`,
    `The freelancer’s wallet is credited ${money(preview.freelancerPayout)}.`,
    `The platform keeps ${money(preview.platformFee)}.`,
  ];
  if (preview.stage)
    lines.unshift(
      `The work stopped at ${preview.stage}${preview.stoppedBy ? `, stopped by the ${preview.stoppedBy}` : ''}: the refund policy gives this split.`,
    );
  return lines;
}

/** Asks the API what the action would decide, then shows it for confirmation. */
async function previewThen(place, contractId, action, query, confirmLabel, act, reload) {
  try {
    const preview = await api('GET', `/api/admin/contracts/${contractId}/preview/${action}${query ? `?${query}` : ''}`);
    place.replaceChildren(confirmation(splitLines(preview), confirmLabel, act, reload));
  } catch (error) {
    place.replaceChildren(alertBox(error));
  }
}

function actionsSection(found, reload) {
  const { contract, escrow, dispute } = found;
  const id = contract._id;
  const place = el('div', {});
  const section = titledSection('actions', 'Actions');
  if (escrow?.processor.refundFailure) {
    section.append(failedRefundActions(found, place, reload), place);
    return section;
  }
  if (escrow === null || escrow.resolution !== null) {
    section.append(
      el(
        'p',
        { class: 'muted' },
        escrow === null ? 'No payment funds this contract.' : 'The escrow is resolved: nothing is left to decide.',
      ),
    );
    return section;
  }
  if (escrow.processor.chargeback?.status === 'open') {
    // The API refuses a release, refund or dispute decision now (409 ESCROW.IN_CHARGEBACK): none is offered.
    section.append(
      el(
        'p',
        { class: 'muted', 'data-frozen': '' },
        'An open chargeback freezes this escrow: nothing can be released, refunded or decided until the card network decides. ' +
          'Evidence goes to the payment processor’s dashboard; its decision reaches this page by itself.',
      ),
    );
    return section;
  }
  const buttons = el('div', { class: 'actions' });
  if (dispute?.status === 'open') {
    section.append(disputeForm(found, place, reload));
  } else {
    const [action, confirmLabel, act] =
      contract.status === 'Completed'
        ? ['release', 'Approve the release', () => api('PUT', `/api/admin/escrow/release-fund/${id}`)]
        : ['refund', 'Refund', () => api('PUT', `/api/admin/escrow/refund-client/${id}/${contract.clientId._id}`, {})];
    buttons.append(
      el(
        'button',
        { type: 'button', onclick: () => void previewThen(place, id, action, null, confirmLabel, act, reload) },
        `${confirmLabel}…`,
      ),
    );
    section.append(buttons);
  }
  section.append(place);
  return section;
}

/** A client refund the processor reported failed, on a contract's page: send it again, or record that the client was paid another way. */
function failedRefundActions(found, place, reload) {
  const { processor, resolution } = found.escrow;
  const failed = {
    paths: {
      retry: `/api/admin/escrow/refund-retry/${found.contract._id}`,
      settle: `/api/admin/escrow/refund-settled/${found.contract._id}`,
    },
    clientRefund: resolution.clientRefund,
    reason: processor.refundFailure.reason,
    retries: processor.refundRetries,
  };
  return el(
    'div',
    {},
    el('p', {}, `The client’s refund of ${money(failed.clientRefund)} failed at the payment processor: ${failed.reason}.`),
    failedRefundButtons(failed, place, reload),
  );
}

/**
 * The failed refund of a payment returned whole funds no contract, so no contract page offers its
 * actions: its queue row does, naming the escrow by its own id.
 */
function returnedPaymentRefundActions(entry) {
  const place = el('div', {});
  const reload = (message) => queuePage(message).catch(handleFailure);
  const buttons = failedRefundButtons(
    {
      paths: { retry: `/api/admin/escrows/${entry.escrowId}/refund-retry`, settle: `/api/admin/escrows/${entry.escrowId}/refund-settled` },
      clientRefund: entry.resolution.clientRefund,
      reason: entry.refundFailure.reason,
      retries: entry.refundFailure.retries,
    },
    place,
    reload,
  );
  return el('div', {}, buttons, place);
}

function failedRefundButtons(failed, place, reload) {
  const retriedBefore = failed.retries === 0 ? '' : ` (retried ${failed.retries} time(s) before)`;
  const retry = el(
    'button',
    {
      type: 'button',
      onclick: () =>
        place.replaceChildren(
          confirmation(
            [
              `Send the client’s refund of ${money(failed.clientRefund)} through the payment processor again.`,
              `The last one failed: ${failed.reason}${retriedBefore}.`,
              'A new refund is made; if it fails too, it comes back to the failed refunds queue.',
            ],
            'Retry the refund',
            () => api('PUT', failed.paths.retry),
            reload,
          ),
        ),
    },
    'Retry the refund…',
  );
  const settle = el(
    'button',
    { type: 'button', onclick: () => place.replaceChildren(settlementForm(failed.paths.settle, failed.clientRefund, reload)) },
    'Record as settled by hand…',
  );
  return el('div', { class: 'actions' }, retry, settle);
}

function settlementForm(path, clientRefund, reload) {
  const note = el('textarea', { id: 'settlement-note', rows: 3, maxlength: 1000, required: true, 'aria-describedby': 'settlement-help' });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Record as settled by hand');
  const form = el(
    'form',
    {
      class: 'panel consequence',
      onsubmit: async (event) => {
        event.preventDefault();
        submit.disabled = true;
        try {
          await api('PUT', path, { note: note.value.trim() });
          await reload('Record as settled by hand: done.');
        } catch (error) {
          submit.disabled = false;
          form.append(alertBox(error));
        }
      },
    },
    el('h3', {}, 'Record as settled by hand'),
    el(
      'p',
      { id: 'settlement-help', class: 'muted' },
      `Nothing is sent. Record this once the client got their ${money(clientRefund)} another way (a bank transfer, say): ` +
        'the refund is then no longer owed. Say how, with its reference.',
    ),
    el('label', { for: 'settlement-note' }, 'How the client was paid'),
    note,
    el('div', { class: 'actions' }, submit, el('button', { type: 'button', onclick: () => form.remove() }, 'Cancel')),
  );
  queueMicrotask(() => note.focus());
  return form;
}

/** What the payment processor did on its own, when it did anything: a failed refund and the answers to it, outside refunds, a chargeback. */
function processorSection(escrow) {
  if (escrow === null) return null;
  const { processor, refund } = escrow;
  const { refundFailure, refundSettledByHand, chargeback } = processor;
  if (processor.refundFailures === 0 && processor.outsideRefunded === 0 && chargeback === null) return null;
  let clientRefund;
  if (refundFailure)
    clientRefund =
      refundFailure.refundId === null
        ? `Refused by the payment processor ${when(refundFailure.failedAt)}: ${refundFailure.reason}`
        : `Failed ${when(refundFailure.failedAt)}: ${refundFailure.reason} (refund ${refundFailure.refundId})`;
  else if (refundSettledByHand)
    clientRefund = `Settled by hand ${when(refundSettledByHand.settledAt)} by admin ${refundSettledByHand.by}: “${refundSettledByHand.note}”`;
  else if (refund?.stripeRefundId) clientRefund = `Sent again (refund ${refund.stripeRefundId})`;
  else clientRefund = 'Retried, not sent yet: recovery sends it';
  const pairs = [];
  if (processor.refundFailures > 0) {
    pairs.push(
      ['Client refund', clientRefund],
      ['Failures', String(processor.refundFailures)],
      ['Retries', String(processor.refundRetries)],
    );
  }
  if (processor.outsideRefunded > 0) pairs.push(['Refunded outside this service', money(processor.outsideRefunded)]);
  if (chargeback) {
    pairs.push([
      'Chargeback',
      `${chargeback.status}: ${money(chargeback.amount)}, dispute ${chargeback.disputeId}, opened ${when(chargeback.openedAt)}` +
        (chargeback.closedAt ? `, closed ${when(chargeback.closedAt)}` : ''),
    ]);
  }
  return titledSection('processor', 'The payment processor', facts(pairs));
}

function disputeForm(found, place, reload) {
  const id = found.contract._id;
  const earning = found.escrow.freelancerEarning;
  const share = el('input', {
    type: 'text',
    id: 'freelancer-payout',
    inputmode: 'decimal',
    required: true,
    'aria-describedby': 'payout-help',
  });
  const fee = el('input', { type: 'checkbox', id: 'refund-fee' });
  const note = el('textarea', { id: 'decision-note', rows: 3, maxlength: 2000, required: true });
  const form = el(
    'form',
    {
      class: 'panel',
      onsubmit: (event) => {
        event.preventDefault();
        const body = { freelancerPayout: Number(share.value.trim()), refundPlatformFee: fee.checked, note: note.value.trim() };
        const query = new URLSearchParams({ freelancerPayout: share.value.trim(), refundPlatformFee: String(fee.checked) });
        void previewThen(
          place,
          id,
          'dispute',
          query.toString(),
          'Confirm the decision',
          () => api('PUT', `/api/admin/disputes/${id}/resolve`, body),
          reload,
        );
      },
    },
    el('h3', {}, 'Decide the dispute'),
    el('label', { for: 'freelancer-payout' }, 'Freelancer’s share (INR)'),
    share,
    el('p', { id: 'payout-help', class: 'muted' }, `From ₹0 to their whole earning, ${money(earning)}; the client gets the rest back.`),
    el('label', { class: 'inline', for: 'refund-fee' }, fee, 'Give the platform fee back to the client'),
    el('label', { for: 'decision-note' }, 'Note for the record'),
    note,
    el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Preview the decision')),
  );
  return form;
}

function disputeSection(dispute) {
  if (dispute === null) return null;
  return titledSection(
    'dispute',
    `Dispute #${dispute.number} (${dispute.status})`,
    facts([
      ['Opened by', `the ${dispute.openedBy.role} (${dispute.openedBy._id})`],
      ['Opened', `${when(dispute.openedAt)}, ${age(dispute.openedAt)} ago`],
      ['Reason', dispute.reason],
      ['Closed', dispute.closedAt ? when(dispute.closedAt) : null],
    ]),
    el('h3', {}, 'What they said'),
    el('div', { class: 'statement' }, el('strong', {}, `The ${dispute.openedBy.role}, opening: `), dispute.description),
    dispute.statements.length === 0 ? el('p', { class: 'empty' }, 'No statements yet.') : null,
    ...dispute.statements.map((statement) =>
      el(
        'div',
        { class: 'statement', 'data-statement': '' },
        el('strong', {}, `The ${statement.by.role}, ${when(statement.createdAt)}: `),
        statement.text,
        statement.mediaUrls.length === 0
          ? null
          : el(
              'ul',
              {},
              statement.mediaUrls.map((url, index) =>
                el('li', {}, el('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, `Media ${index + 1}`)),
              ),
            ),
      ),
    ),
  );
}

function detailsList(details) {
  const items = Object.entries(details).map(([key, value]) => {
    const shown =
      typeof value === 'number' && !['round', 'number', 'sequence'].includes(key)
        ? money(value)
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
    return el('li', {}, `${key}: ${shown}`);
  });
  return items.length === 0 ? null : el('ul', { class: 'details' }, items);
}

function historySection(history) {
  return titledSection(
    'history',
    `History (${history.length})`,
    table(
      ['When', 'Who', 'What', 'Details'],
      el(
        'tbody',
        {},
        history.map((entry) =>
          el(
            'tr',
            { 'data-history': `${entry.source} ${entry.type}` },
            el('td', {}, when(entry.at)),
            el('td', {}, entry.actor.role === 'system' ? 'system' : `${entry.actor.role} ${entry.actor._id}`),
            el('td', {}, `${entry.source}: ${entry.type}`),
            el('td', {}, detailsList(entry.details)),
          ),
        ),
      ),
    ),
  );
}

async function walletSection(found) {
  const freelancerId = found.parties.freelancer._id;
  const section = titledSection('wallet', 'The freelancer’s wallet');
  try {
    const wallet = await api('GET', `/api/freelancer/wallet/earnings/${freelancerId}`);
    const ofThisEscrow = wallet.entries.filter((entry) => entry.escrowId === found.contract.escrowId);
    section.append(
      facts([['Balance', money(wallet.balance)]]),
      ofThisEscrow.length === 0
        ? el('p', { class: 'empty' }, 'Nothing from this contract yet.')
        : el(
            'ul',
            { 'data-wallet-entries': '' },
            ofThisEscrow.map((entry) =>
              el('li', {}, `${entry.direction} ${money(entry.amount)}, ${when(entry.createdAt)}: ${entry.description}`),
            ),
          ),
    );
  } catch (error) {
    section.append(alertBox(error));
  }
  return section;
}

async function contractPage(contractId, notice) {
  const found = await api('GET', `/api/admin/contracts/${encodeURIComponent(contractId)}`);
  const { contract, escrow, parties } = found;
  const reload = (message) => contractPage(contractId, message).catch(handleFailure);
  const title = contract.jobId.title ?? contract._id;
  document.title = `${title}: Skillhouse operators’ console`;
  show(
    el('p', {}, el('a', { href: '/admin' }, '← Back to the queues')),
    el('h1', {}, title),
    notice ? el('div', { class: 'ok', role: 'status' }, notice) : null,
    el(
      'div',
      { class: 'grid' },
      titledSection(
        'contract',
        'Contract',
        facts([
          ['Contract', contract._id],
          ['Status', contract.status],
          ['Release', contract.releaseFundStatus],
          ['Created', when(contract.createdAt)],
          ['Review ends', contract.reviewEndsAt ? when(contract.reviewEndsAt) : null],
          ['Canceled from', contract.canceledFrom],
        ]),
      ),
      titledSection(
        'amounts',
        'Amounts',
        escrow === null
          ? el('p', { class: 'empty' }, `Agreed ${money(contract.amount)}; not paid yet.`)
          : facts([
              ['Paid', money(escrow.amount)],
              ['Platform fee', money(escrow.platformFee)],
              ['Freelancer’s earning', money(escrow.freelancerEarning)],
              ['Escrow', escrow.status],
              [
                'Resolution',
                escrow.resolution
                  ? `${escrow.resolution.kind}: client ${money(escrow.resolution.clientRefund)}, freelancer ${money(escrow.resolution.freelancerPayout)}, platform ${money(escrow.resolution.platformFee)}`
                  : 'none yet',
              ],
            ]),
      ),
    ),
    processorSection(escrow),
    titledSection(
      'parties',
      'Parties',
      table(
        ['Party', 'Who', 'State', 'Access'],
        el('tbody', {}, partyRow('Client', parties.client, reload), partyRow('Freelancer', parties.freelancer, reload)),
      ),
    ),
    actionsSection(found, reload),
    disputeSection(found.dispute),
    historySection(found.history),
    await walletSection(found),
  );
}

// ---- routing ----

function handleFailure(error) {
  if (error instanceof ApiError && (error.status === 401 || error.status === 403) && error.code?.startsWith('AUTH.')) return refused(error);
  show(el('h1', {}, 'Something went wrong'), alertBox(error), el('p', {}, el('a', { href: '/admin' }, 'Back to the queues')));
}

async function route() {
  if (token() === null) return signInPage();
  const match = /^\/admin\/contracts\/([^/]+)$/.exec(location.pathname);
  try {
    if (match) await contractPage(decodeURIComponent(match[1]));
    else await queuePage();
  } catch (error) {
    handleFailure(error);
  }
}

document.getElementById('sign-out').addEventListener('click', signOut);
renderWho();
void route();
