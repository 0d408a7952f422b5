import type { ClaimedPayoutAccount, PayoutAccount, PayoutAccountRepository } from '@skillhouse/domain';
import type { Model } from 'mongoose';
import { isDuplicateKeyOn } from './duplicate-key.ts';
import type { PayoutAccountDocument } from './models.ts';
import { StoredFields } from './stored-values.ts';
import { saveOptionsFor, writeOptionsFor, type WriteConcernSettings } from './write-concern.ts';

/**
 * Payout accounts in `payout_accounts`, `_id` = the user's id: the insert is the claim, so two
 * requests connecting one user keep the first account. Whether payouts are enabled is a projection
 * of the processor's reports, rewritten by the newest; two reports racing may leave the older one
 * (FerretDB v1's filtered update is not atomic), and the next report corrects it.
 */
export class MongoPayoutAccounts implements PayoutAccountRepository {
  constructor(
    private readonly accounts: Model<PayoutAccountDocument>,
    private readonly writeConcern: WriteConcernSettings,
  ) {}

  async claim(account: PayoutAccount): Promise<ClaimedPayoutAccount> {
    try {
      await this.accounts.insertOne(documentOf(account), saveOptionsFor(this.writeConcern));
      return { account, claimed: true };
    } catch (error) {
      if (!isDuplicateKeyOn(error, ['_id'])) throw error;
      const first = await this.findByUser(account.userId);
      if (first === null) throw error;
      return { account: first, claimed: false };
    }
  }

  async findByUser(userId: string): Promise<PayoutAccount | null> {
    const document: unknown = await this.accounts.findById(userId).lean();
    return document === null ? null : accountFromDocument(document);
  }

  async findByAccountId(accountId: string): Promise<PayoutAccount | null> {
    const document: unknown = await this.accounts.findOne({ accountId }).lean();
    return document === null ? null : accountFromDocument(document);
  }

  async recordPayoutsEnabled(accountId: string, payoutsEnabled: boolean, reportedAt: Date): Promise<PayoutAccount | null> {
    await this.accounts.updateOne(
      { accountId, $or: [{ reportedAt: null }, { reportedAt: { $lte: reportedAt } }] },
      { $set: { payoutsEnabled, reportedAt } },
      writeOptionsFor(this.writeConcern),
    );
    return this.findByAccountId(accountId);
  }
}

function documentOf(account: PayoutAccount): PayoutAccountDocument {
  const { userId, ...fields } = account;
  return { _id: userId, ...fields };
}

function accountFromDocument(document: unknown): PayoutAccount {
  const userId = StoredFields.of(document, 'payout_accounts').text('_id');
  const fields = StoredFields.of(document, `payout_accounts/${userId}`);
  return {
    userId,
    accountId: fields.text('accountId'),
    payoutsEnabled: fields.boolean('payoutsEnabled'),
    createdAt: fields.date('createdAt'),
    reportedAt: fields.dateOrNull('reportedAt'),
  };
}
