// Verifies one received webhook with the Standard Webhooks reference library.
// Input on stdin: {"secret": "whsec_…", "headers": {...}, "body": "<raw body>"}.
import { Webhook } from "standardwebhooks";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { secret, headers, body } = JSON.parse(input);
try {
  new Webhook(secret).verify(body, headers);
  console.log("verified");
} catch (err) {
  console.error(`rejected: ${err.message}`);
  process.exit(1);
}
