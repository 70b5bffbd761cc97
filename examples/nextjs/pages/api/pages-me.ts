import type { NextApiRequest, NextApiResponse } from 'next';
import { getAuth } from 'sessionjwt/next';
import { authOptions } from '../../lib/auth-options';

// Pages Router API route: getAuth(req) is synchronous and reads the Node IncomingMessage.
export default function handler(req: NextApiRequest, res: NextApiResponse) {
  const auth = getAuth(req, authOptions);
  if (!auth.userId) {
    res.status(401).json({ error: 'unauthenticated' });
    return;
  }
  res.status(200).json({ userId: auth.userId, orgAdmin: auth.has({ role: 'org:admin' }) });
}
