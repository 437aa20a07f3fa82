/* md-statement.c: the statement of truth the report can end with, for the
 * person who made it to sign */
#include <string.h>

#include "ilog.h"
#include "md.h"

/* Criminal Procedure Rules 16.2 and the Criminal Justice Act 1967 s.9:
 * the declaration a witness statement in England and Wales carries. */
static const char uk[] =
	"This statement, consisting of ____ pages each signed by me, is true "
	"to the best of my knowledge and belief and I make it knowing that, "
	"if it is tendered in evidence, I shall be liable to prosecution if I "
	"have wilfully stated in it anything which I know to be false, or do "
	"not believe to be true.";

/* 28 U.S.C. § 1746(2), for a declaration made within the United States. */
static const char us[] =
	"I declare under penalty of perjury that the foregoing is true and "
	"correct.";

void
md_statement(struct ilog_buf *out, const struct md_report *r)
{
	const struct ilog_node *victim = r->log->case_file ?
	    ilog_node_get(r->log->case_file->cur, "victim") : NULL;
	const char *who = r->o->author, *contact;

	if (r->o->statement == ILOG_STATEMENT_NONE)
		return;
	ilog_buf_adds(out, "## Statement of truth\n\n");
	ilog_buf_adds(out, r->o->statement == ILOG_STATEMENT_UK ? uk : us);
	ilog_buf_adds(out, "\n\n");
	if (!who || !*who)
		who = ilog_node_text(victim, "name");
	ilog_buf_adds(out, "Name: ");
	if (who && *who)
		ilog_md_inline(out, who, strlen(who));
	else
		ilog_buf_adds(out, "______________________________");
	ilog_buf_adds(out, "\n\n");
	if ((contact = ilog_node_text(victim, "contact"))) {
		ilog_buf_adds(out, "Contact: ");
		ilog_md_inline(out, contact, strlen(contact));
		ilog_buf_adds(out, "\n\n");
	}
	ilog_buf_adds(out, r->o->statement == ILOG_STATEMENT_UK ?
	    "Signature: ______________________________\n\n"
	    "Date: ______________________________\n\n" :
	    "Executed on (date): ______________________________\n\n"
	    "Signature: ______________________________\n\n");
}
