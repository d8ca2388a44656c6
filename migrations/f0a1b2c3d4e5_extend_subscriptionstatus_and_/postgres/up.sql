-- f0a1b2c3d4e5: Extend SubscriptionStatus and BillingEventType enums.
-- upgrade on PostgreSQL; parents: e9f0a1b2c3d4

-- Enum SubscriptionStatus: add label incomplete
-- pschema:no-transaction
ALTER TYPE subscriptionstatus ADD VALUE IF NOT EXISTS 'incomplete' AFTER 'trialing';

-- Enum SubscriptionStatus: add label incomplete_expired
-- pschema:no-transaction
ALTER TYPE subscriptionstatus ADD VALUE IF NOT EXISTS 'incomplete_expired' AFTER 'incomplete';

-- Enum SubscriptionStatus: add label unpaid
-- pschema:no-transaction
ALTER TYPE subscriptionstatus ADD VALUE IF NOT EXISTS 'unpaid' AFTER 'incomplete_expired';

-- Enum SubscriptionStatus: add label paused
-- pschema:no-transaction
ALTER TYPE subscriptionstatus ADD VALUE IF NOT EXISTS 'paused' AFTER 'unpaid';

-- Enum BillingEventType: add label trial_ending
-- pschema:no-transaction
ALTER TYPE billingeventtype ADD VALUE IF NOT EXISTS 'trial_ending' AFTER 'payment_recovered';

-- Enum BillingEventType: add label payment_succeeded
-- pschema:no-transaction
ALTER TYPE billingeventtype ADD VALUE IF NOT EXISTS 'payment_succeeded' AFTER 'trial_ending';

-- Enum BillingEventType: add label invoice_created
-- pschema:no-transaction
ALTER TYPE billingeventtype ADD VALUE IF NOT EXISTS 'invoice_created' AFTER 'payment_succeeded';

-- Enum BillingEventType: add label dispute_created
-- pschema:no-transaction
ALTER TYPE billingeventtype ADD VALUE IF NOT EXISTS 'dispute_created' AFTER 'invoice_created';

-- Enum BillingEventType: add label dispute_resolved_won
-- pschema:no-transaction
ALTER TYPE billingeventtype ADD VALUE IF NOT EXISTS 'dispute_resolved_won' AFTER 'dispute_created';

-- Enum BillingEventType: add label dispute_resolved_lost
-- pschema:no-transaction
ALTER TYPE billingeventtype ADD VALUE IF NOT EXISTS 'dispute_resolved_lost' AFTER 'dispute_resolved_won';

-- Enum BillingEventType: add label dispute_closed_other
-- pschema:no-transaction
ALTER TYPE billingeventtype ADD VALUE IF NOT EXISTS 'dispute_closed_other' AFTER 'dispute_resolved_lost';
