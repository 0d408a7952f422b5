import type { Contract, ContractStatus } from '../contract/contract.ts';
import { ContractNotFound } from '../contract/contract.errors.ts';
import type { EscrowView } from '../escrow/escrow.ts';
import type { Job, JobSummary } from '../job/job.ts';
import { requireObjectId } from '../shared/ids.ts';
import { readPage, requirePage, type Page, type PageQuery, type TimeWindow } from '../shared/page.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor, User } from '../user/user.ts';
import type { ContractListing, ContractListQuery } from '../ports/contract-repository.port.ts';
import type { MarketplacePolicy, MarketplacePorts } from '../application/marketplace-ports.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';

/** A contract with the people it refers to and its escrow's view. */
interface ContractParts {
  readonly contract: Contract;
  readonly client: User | null;
  readonly freelancer: User | null;
  readonly escrow: EscrowView | null;
}

/** A contract with the people and the job it refers to, as the API documents show it "populated". */
export interface ContractDetails extends ContractParts {
  readonly job: Job | null;
}

/** A contract as lists show it: its job in summary, so a page reads no job descriptions or hires. */
export interface ContractListItem extends ContractParts {
  readonly job: JobSummary | null;
}

/** What every contract list may be narrowed to, and the page asked for. */
export interface ContractFilters {
  readonly status?: ContractStatus;
  readonly created?: TimeWindow;
  readonly page?: PageQuery;
}

/**
 * The read side: lists answer from projections, a page at a time; a single contract from its
 * stream. A page costs three queries whatever its length: the contracts (each with its escrow's
 * view), their people, their jobs.
 */
export class ContractQueries {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'contracts' | 'jobs' | 'users' | 'escrows'>,
    private readonly policy: Pick<MarketplacePolicy, 'listLimitMax'>,
    private readonly flow: EscrowFlow,
  ) {}

  /** The live contract of a job and client, or the latest one, or null. */
  async findForJobAndClient(query: { jobId: unknown; clientId: unknown }): Promise<ContractDetails | null> {
    const jobId = requireObjectId(query.jobId, 'jobId');
    const clientId = requireObjectId(query.clientId, 'clientId');
    const listings = await this.ports.contracts.list({ jobId, clientId, limit: this.policy.listLimitMax });
    const chosen = listings.find((listing) => listing.contract.status !== 'Canceled') ?? listings[0];
    return chosen === undefined ? null : (await this.detailer([chosen], (jobIds) => this.ports.jobs.findMany(jobIds)))(chosen);
  }

  async listForClient(query: { clientId: unknown } & ContractFilters): Promise<Page<ContractListItem>> {
    return this.list({ ...query, clientId: requireObjectId(query.clientId, 'clientId') });
  }

  async listForFreelancer(query: { freelancerId: unknown } & ContractFilters): Promise<Page<ContractListItem>> {
    return this.list({ ...query, freelancerId: requireObjectId(query.freelancerId, 'freelancerId') });
  }

  async listAll(query: { actor: Actor } & ContractFilters): Promise<Page<ContractListItem>> {
    requireRole(query.actor, 'admin');
    return this.list(query);
  }

  async view(query: { contractId: unknown }): Promise<ContractDetails> {
    const contractId = requireObjectId(query.contractId, 'contractId');
    const contract = await this.flow.readContract(contractId);
    if (contract === null) throw new ContractNotFound(contractId);
    // One contract may read its job's stream, which is authoritative; lists read the projection.
    const readJobs = async (jobIds: readonly string[]) =>
      (await Promise.all(jobIds.map((jobId) => this.flow.readJob(jobId)))).filter((job): job is Job => job !== null);
    const [escrow] = contract.escrowId === null ? [] : await this.ports.escrows.viewMany([contract.escrowId]);
    const listing = { contract, escrow: escrow ?? null };
    return (await this.detailer([listing], readJobs))(listing);
  }

  /** One page of contracts, newest first, detailed after a fixed number of reads. */
  private async list(query: { clientId?: string; freelancerId?: string } & ContractFilters): Promise<Page<ContractListItem>> {
    const filter: Omit<ContractListQuery, 'limit' | 'after'> = {
      ...(query.clientId === undefined ? {} : { clientId: query.clientId }),
      ...(query.freelancerId === undefined ? {} : { freelancerId: query.freelancerId }),
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.created === undefined ? {} : { created: query.created }),
    };
    const page = await readPage(
      requirePage(query.page),
      (request) => this.ports.contracts.list({ ...filter, ...request }),
      ({ contract }) => ({ at: contract.createdAt, id: contract.id }),
    );
    const detail = await this.detailer(page.items, (jobIds) => this.ports.jobs.findSummaries(jobIds));
    return { items: page.items.map(detail), next: page.next };
  }

  /** Details any of `listings` after two batch reads, however many: users and jobs (by `readJobs`) once each. */
  private async detailer<J extends { readonly id: string }>(
    listings: readonly ContractListing[],
    readJobs: (jobIds: readonly string[]) => Promise<readonly J[]>,
  ): Promise<(listing: ContractListing) => ContractParts & { readonly job: J | null }> {
    const contracts = listings.map((listing) => listing.contract);
    const userIds = [...new Set(contracts.flatMap((contract) => [contract.clientId, contract.freelancerId]))];
    const jobIds = [...new Set(contracts.map((contract) => contract.jobId))];
    const [users, jobs] = await Promise.all([this.ports.users.findMany(userIds), readJobs(jobIds)]);
    const userById = new Map(users.map((user) => [user.id, user]));
    const jobById = new Map(jobs.map((job) => [job.id, job]));
    return ({ contract, escrow }) => ({
      contract,
      job: jobById.get(contract.jobId) ?? null,
      client: userById.get(contract.clientId) ?? null,
      freelancer: userById.get(contract.freelancerId) ?? null,
      escrow,
    });
  }
}
