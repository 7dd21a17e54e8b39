// What the therapist's screens read from the API: the generated schema's types
// (lib/api/schema.d.ts), named once here.
export type {
  Alert, Assignment, HeadacheLog, Invite, Outcomes, Patient, PatientCreated, PatientListItem,
  ProgramTemplate as Template, SessionLog, Week,
} from "../lib/api";
