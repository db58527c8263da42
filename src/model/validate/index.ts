/** The validation rules, one concern each (output is sorted by position afterwards). */
import type { ValidationRule } from './context.js';
import { aggregateNameClashRule } from './rules/aggregate-name-clash.js';
import { annotationUsageRule } from './rules/annotation-usage.js';
import { closedRecordRule } from './rules/closed-record.js';
import { constraintAnnotationsRule } from './rules/constraint-annotations.js';
import { decimalAnnotationRule } from './rules/decimal-annotation.js';
import { entitiesPresentRule } from './rules/entities-present.js';
import { enumMembersRule } from './rules/enum-members.js';
import { fieldTypesRule } from './rules/field-types.js';
import { foreignKeyFieldsRule } from './rules/foreign-key-fields.js';
import { generatedAnnotationRule } from './rules/generated-annotation.js';
import { identityFieldsRule } from './rules/identity-fields.js';
import { importsRule } from './rules/imports.js';
import { indexAnnotationsRule } from './rules/index-annotations.js';
import { modulePrefixesRule } from './rules/module-prefixes.js';
import { nameAnnotationRule } from './rules/name-annotation.js';
import { onlyRecordsAndEnumsRule } from './rules/only-records-and-enums.js';
import { recordMembersRule } from './rules/record-members.js';
import { relationAnnotationRule } from './rules/relation-annotation.js';
import { relationCardinalityRule } from './rules/relation-cardinality.js';
import { relationPartnersRule } from './rules/relation-partners.js';
import { selfReferenceRule } from './rules/self-reference.js';
import { singleOwnerRule } from './rules/single-owner.js';
import { stringAnnotationsRule } from './rules/string-annotations.js';
import { uniqueFieldNamesRule } from './rules/unique-field-names.js';
import { uniqueNamesRule } from './rules/unique-names.js';

export const ALL_RULES: readonly ValidationRule[] = [
  // Module level: imports and declarations.
  importsRule,
  modulePrefixesRule,
  onlyRecordsAndEnumsRule,
  entitiesPresentRule,
  uniqueNamesRule,
  enumMembersRule,
  // Entities and their fields.
  closedRecordRule,
  recordMembersRule,
  uniqueFieldNamesRule,
  aggregateNameClashRule,
  fieldTypesRule,
  identityFieldsRule,
  // Relations.
  selfReferenceRule,
  relationPartnersRule,
  relationCardinalityRule,
  singleOwnerRule,
  foreignKeyFieldsRule,
  // Annotations.
  annotationUsageRule,
  nameAnnotationRule,
  stringAnnotationsRule,
  decimalAnnotationRule,
  indexAnnotationsRule,
  generatedAnnotationRule,
  relationAnnotationRule,
  constraintAnnotationsRule,
];
